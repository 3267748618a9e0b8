import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EpochMs, HOUR_MS } from '../../core/index.js';
import { MarketStore } from '../../data/index.js';
import { type JournalDecision, SqliteTradeStore, SqliteWeightChangeStore } from '../../journal/index.js';
import { runReview } from './run-review.js';

const DEFAULTS = { price: 0.4, network: 0.35, sentiment: 0.25 };
const START = Date.UTC(2026, 0, 5);
const DAYS = 8;

/** SYNTHETIC: a deterministic wiggly price, hourly, and a tiny LCG for the noise. */
function price(k: number): number {
  return 10 * Math.exp(0.03 * Math.sin(k * 0.37) + 0.02 * Math.cos(k * 1.3));
}
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A SYNTHETIC journal run: hourly equity samples with prices, and a decision every 2 h whose sentiment
 * value is a monotone function of the next 6 h return (a perfect predictor), network's a uniform draw
 * (noise) and price's null (no evidence).
 */
function writePlantedRun(journal: SqliteTradeStore): void {
  const hours = DAYS * 24;
  const noise = lcg(7);
  const decisions: JournalDecision[] = [];
  for (let k = 0, seq = 1; k + 6 <= hours; k += 2, seq += 1) {
    const forward = price(k + 6) / price(k) - 1;
    const fam = (value: number | null) => ({ value, weight: 0, effectiveWeight: 0 });
    decisions.push({
      seq,
      time: (START + k * HOUR_MS) as EpochMs,
      kind: 'target',
      price: price(k),
      detail: {
        side: 'flat',
        snapshot: {
          families: {
            price: fam(null),
            network: fam(noise() * 2 - 1),
            sentiment: fam(Math.tanh(50 * forward)),
          },
          signals: [],
          regime: 'normal',
          signalType: 'planted',
          reason: 'SYNTHETIC planted signal',
        },
      } as unknown as JournalDecision['detail'],
    });
  }
  journal.write({
    runId: 'bt-planted',
    start: {
      id: 'bt-planted',
      kind: 'backtest',
      strategy: 'planted',
      exchange: 'synthetic',
      symbol: 'NMR/USDT:USDT',
      timeframe: '1h',
      startedAt: START,
      config: {},
      synthetic: true,
    },
    orders: [],
    fills: [],
    trades: [],
    decisions,
    riskDecisions: [],
    funding: [],
    liquidations: [],
    equity: Array.from({ length: hours + 1 }, (_, k) => ({
      time: START + k * HOUR_MS,
      equity: 1000,
      wallet: 1000,
      unrealisedPnl: 0,
      marginUsed: 0,
      position: 0,
      price: price(k),
    })),
    logs: [],
  });
}

describe('review of a planted signal (SYNTHETIC journal)', () => {
  let store: MarketStore;
  beforeEach(() => {
    store = MarketStore.open(':memory:');
  });
  afterEach(() => store.close());

  it('raises sentiment by exactly maxStep, lowers network by it, keeps price, and journals the proposal', async () => {
    const journal = new SqliteTradeStore(store.db);
    const changes = new SqliteWeightChangeStore(store.db);
    writePlantedRun(journal);
    const out = await runReview({
      journal,
      changes,
      windowDays: 7,
      horizonHours: 6,
      settings: { shrinkage: 0.5, maxStep: 0.05, minSamples: 30 },
      defaults: DEFAULTS,
      configured: DEFAULTS,
      apply: false,
    });
    expect(out.run.id, 'the latest backtest run by default').toBe('bt-planted');
    expect(out.evidence.samples, '7 days of decisions every 2 h').toBeGreaterThanOrEqual(80);
    expect(out.evidence.families.sentiment.ic, 'a perfect predictor').toBeCloseTo(1, 12);
    expect(out.evidence.families.sentiment.hitRate).toBe(1);
    expect(Math.abs(out.evidence.families.network.ic ?? 1), 'noise').toBeLessThan(0.3);
    expect(out.evidence.families.price.n).toBe(0);
    const { proposed } = out.proposal;
    expect(proposed.sentiment - DEFAULTS.sentiment).toBeCloseTo(0.05, 12);
    expect(proposed.network - DEFAULTS.network).toBeCloseTo(-0.05, 12);
    expect(proposed.price).toBeCloseTo(DEFAULTS.price, 12);
    const [change] = await changes.weightChanges();
    expect(change).toMatchObject({ runId: 'bt-planted', oldWeights: DEFAULTS, proposed, applied: false });
    expect(await changes.currentWeights()).toBeUndefined();
  });

  it('applies the proposal when asked, and the next review starts from it', async () => {
    const journal = new SqliteTradeStore(store.db);
    const changes = new SqliteWeightChangeStore(store.db);
    writePlantedRun(journal);
    const request = {
      journal,
      changes,
      windowDays: 7,
      horizonHours: 6,
      settings: { shrinkage: 0.5, maxStep: 0.05, minSamples: 30 },
      defaults: DEFAULTS,
      configured: DEFAULTS,
      apply: true,
    };
    const first = await runReview(request);
    expect((await changes.currentWeights())?.weights).toEqual(first.proposal.proposed);
    const second = await runReview(request);
    expect(second.currentSource).toBe('review');
    expect(second.proposal.current).toEqual(first.proposal.proposed);
    expect(second.proposal.proposed.sentiment).toBeCloseTo(0.35, 12);
  });

  it('refuses a run that is not in the journal', async () => {
    const journal = new SqliteTradeStore(store.db);
    await expect(
      runReview({
        journal,
        changes: new SqliteWeightChangeStore(store.db),
        runId: 'nope',
        windowDays: 7,
        horizonHours: 6,
        settings: { shrinkage: 0.5, maxStep: 0.05, minSamples: 30 },
        defaults: DEFAULTS,
        configured: DEFAULTS,
        apply: false,
      }),
    ).rejects.toThrow('no journal run "nope"');
  });
});
