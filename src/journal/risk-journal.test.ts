import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/index.js';
import {
  EXCHANGE,
  H,
  SYMBOL,
  T0,
  type TempStore,
  exactSpec,
  flatBars,
  storeHourlyBars,
  tempStore,
} from '../backtest/test-helpers.js';
import { defaultConfig } from '../config/index.js';
import type { EpochMs } from '../core/index.js';
import type { RiskDecision } from '../risk/index.js';
import type { ScoreSnapshot } from '../signals/index.js';
import type { Strategy, TargetPosition } from '../strategy/index.js';
import { JournalWriter } from './journal-writer.js';
import type { RunMeta } from './journal.types.js';
import { SqliteTradeStore } from './sqlite-trade-store.js';

/** Hand-made bars: NMR flat at 13 USDT for ten hours from Monday 00:00 UTC (labelled synthetic). */
const PRICE = 13;
const BARS = 10;

/** A snapshot shaped like the playbook's (`PlaybookDecisionSnapshot`), with a missing family. */
const SNAPSHOT = {
  time: (T0 + H) as EpochMs,
  score: 0.62,
  families: {
    price: { value: 0.8, weight: 0.5, effectiveWeight: 0.625 },
    network: { value: 0.3, weight: 0.3, effectiveWeight: 0.375 },
    sentiment: { value: null, weight: 0.2, effectiveWeight: 0 },
  },
  signals: [
    { name: 'momentum', family: 'price', value: 0.8, inputs: { ret_4h: 0.031, ret_24h: -0.0042 } },
    { name: 'network', family: 'network', value: 0.3, inputs: { zscore: 1.27 } },
    { name: 'sentiment', family: 'sentiment', value: null, inputs: { fearGreed: null } },
  ],
  regime: 'normal',
  signalType: 'momentum',
  reason: 'score above threshold',
} as const satisfies ScoreSnapshot & { signalType: string; reason: string };

const ENTRY: TargetPosition = {
  side: 'long',
  leverage: 3,
  tag: 'momentum',
  expectedEdge: 0.0031,
  snapshot: SNAPSHOT,
};

/**
 * Asks for a long of the whole equity at 3x at 01:00 (margin = equity, over the 40% cap), asks to grow
 * it at 02:00 (thin hours), and goes flat at 07:00.
 */
const oversizedLong: Strategy = {
  name: 'oversized-long',
  onBar(bar, ctx) {
    const hour = (bar.closeTime - T0) / H;
    if (hour === 1) ctx.setTarget(ENTRY);
    else if (hour === 2) ctx.setTarget({ side: 'long', leverage: 3, tag: 'momentum' });
    else if (hour === 7) ctx.setTarget({ side: 'flat', tag: 'exit' });
  },
};

function meta(): RunMeta {
  return {
    kind: 'backtest',
    strategy: 'oversized-long',
    exchange: EXCHANGE,
    symbol: SYMBOL,
    timeframe: '1h',
  };
}

describe('JournalWriter with the risk engine on', () => {
  let t: TempStore;
  let journal: SqliteTradeStore;
  let runId: string;
  const emitted: RiskDecision[] = [];
  beforeEach(async () => {
    t = tempStore();
    storeHourlyBars(t.store, flatBars(PRICE, BARS));
    journal = new SqliteTradeStore(t.store.db);
    const writer = new JournalWriter(journal, { batchSize: 1 });
    runId = await writer.startRun(meta());
    emitted.length = 0;
    const result = runBacktest(t.store, {
      ...exactSpec({ initialBalance: 10_000, leverage: 3, risk: defaultConfig().risk }),
      strategy: oversizedLong,
      observer: {
        onDecision: (d) => writer.onDecision(d),
        onOrder: (o) => writer.onOrder(o),
        onFill: (f) => writer.onFill(f),
        onTrade: (x) => writer.onTrade(x),
        onRiskDecision: (d) => {
          emitted.push(d);
          writer.onRiskDecision(d);
        },
      },
    });
    await writer.finishRun(result);
  });
  afterEach(() => t.cleanup());

  it('journals the margin-cap resize with the numbers the risk engine decided it on', async () => {
    const decisions = await journal.riskDecisions(runId);
    expect(decisions, 'read back exactly as emitted, numbered from 1').toEqual(
      emitted.map((d, i) => ({ seq: i + 1, ...d })),
    );
    const desired = 2307.6; // 10,000 x 3 / 13 = 2307.69..., rounded down to the 0.1 step
    expect(decisions[0]).toEqual({
      seq: 1,
      time: T0 + H,
      symbol: SYMBOL,
      rule: 'margin_cap',
      outcome: 'resized',
      origin: 'auto',
      message: expect.stringContaining('position cut from 2,307.6 to 923 at 3x') as unknown,
      numbers: {
        marginAfter: (desired * PRICE) / 3,
        otherMargin: 0,
        equity: 10_000,
        maxMarginFraction: 0.4,
        maxMargin: 4_000,
        leverage: 3,
        price: PRICE,
        allowedQuantity: 923, // 4,000 x 3 / 13 = 923.08, rounded down to the step
      },
    });
  });

  it('journals the thin-hours refusal at 02:00 UTC and nothing else', async () => {
    const decisions = await journal.riskDecisions(runId);
    expect(decisions.map((d) => [d.seq, d.rule, d.outcome])).toEqual([
      [1, 'margin_cap', 'resized'],
      [2, 'thin_hours', 'refused'],
    ]);
    expect(decisions[1]).toMatchObject({
      time: Date.UTC(2025, 0, 6, 2),
      numbers: { startHourUtc: 2, endHourUtc: 6 },
      message: expect.stringContaining('02:00-06:00 UTC') as unknown,
    });
    const rows = t.store.db
      .prepare('SELECT count(*) FROM risk_decisions WHERE run_id = ?')
      .pluck()
      .get(runId);
    expect(rows, 'one row per decision, each written in its own batch').toBe(2);
  });

  it('keeps the entry snapshot with the trade, and the regime it names', async () => {
    const trades = await journal.trades(runId);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      quantity: 923,
      entryTime: T0 + H,
      exitTime: T0 + 7 * H,
      regime: 'normal',
      signalSnapshot: SNAPSHOT,
      entrySnapshot: SNAPSHOT,
    });
    const row = t.store.db
      .prepare('SELECT signal_snapshot, regime FROM trades WHERE run_id = ?')
      .get(runId) as { signal_snapshot: string; regime: string };
    expect(JSON.parse(row.signal_snapshot), 'the column holds the snapshot as JSON').toEqual(SNAPSHOT);
    expect(row.regime).toBe('normal');
  });

  it("round-trips a target's snapshot, expected edge and tag in the decision detail", async () => {
    const targets = (await journal.decisions(runId)).filter((d) => d.kind === 'target');
    expect(targets.map((d) => d.detail)).toEqual([
      ENTRY,
      { side: 'long', leverage: 3, tag: 'momentum' },
      { side: 'flat', tag: 'exit' },
    ]);
    expect(targets[0]?.time).toBe(T0 + H);
  });

  it('deletes the risk decisions with their run', async () => {
    await journal.deleteRun(runId);
    expect(await journal.riskDecisions(runId)).toEqual([]);
  });
});

describe('journaled trades and risk numbers outside a backtest', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  const trade = {
    id: 1,
    symbol: SYMBOL,
    side: 'short',
    signalType: 'ema_cross',
    entryTime: T0 as EpochMs,
    entryPrice: 10,
    exitTime: (T0 + H) as EpochMs,
    exitPrice: 9,
    quantity: 5,
    leverage: 2,
    exitReason: 'ema_cross',
    grossPnl: 5,
    fees: 0.1,
    funding: 0,
    slippageCost: 0,
    netPnl: 4.9,
    liquidated: false,
  } as const;

  it('sets no regime when the snapshot names none as a string, and nothing without a snapshot', async () => {
    const journal = new SqliteTradeStore(t.store.db);
    const writer = new JournalWriter(journal);
    const id = await writer.startRun(meta());
    writer.onTrade({ ...trade, entrySnapshot: { regime: 2, fast: 9.5 } });
    writer.onTrade({ ...trade, id: 2 });
    await writer.finishRun();
    const [withSnapshot, without] = await journal.trades(id);
    expect(withSnapshot?.signalSnapshot).toEqual({ regime: 2, fast: 9.5 });
    expect(withSnapshot?.regime).toBeUndefined();
    expect(without, 'a trade without a snapshot reads back as the kernel gave it').toEqual({
      ...trade,
      id: 2,
      origin: 'auto',
    });
  });

  it('keeps numbers JSON cannot hold (NaN, ±Infinity) and every digit of the others', async () => {
    const journal = new SqliteTradeStore(t.store.db);
    const writer = new JournalWriter(journal);
    const id = await writer.startRun(meta());
    const decision: RiskDecision = {
      time: (T0 + 3 * H) as EpochMs,
      symbol: SYMBOL,
      rule: 'daily_loss_halt',
      outcome: 'halted',
      message: 'equity 9,400 is 6% below the day start 10,000 (limit 5%)',
      numbers: { loss: 0.1 + 0.2, nan: NaN, up: Infinity, down: -Infinity, zero: 0 },
      origin: 'manual',
    };
    writer.onRiskDecision(decision);
    await writer.finishRun();
    expect(await journal.riskDecisions(id)).toEqual([{ seq: 1, ...decision }]);
  });
});
