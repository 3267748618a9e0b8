import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BacktestResult, runBacktest } from '../../backtest/index.js';
import { H, exactSpec } from '../../backtest/test-helpers.js';
import { defaultConfig } from '../../config/index.js';
import { type ClientOrderId, type EpochMs, type Fill, InputError, SimClock } from '../../core/index.js';
import { MarketStore } from '../../data/index.js';
import {
  type Journal,
  JournalWriter,
  type JournalTrade,
  type RunMeta,
  openJournal,
} from '../../journal/index.js';
import { ensureTestDatabase, freshSchema } from '../../journal/pg-test-helpers.js';
import {
  FIXTURE_CLOCK_AT,
  FIXTURE_META,
  emptyBatch,
  storeFixtureMarket,
} from '../../journal/test-journal-fixture.js';
import { flipStrategy } from '../../report/test-fixtures.js';
import { StreamClient } from '../test-helpers.js';
import { type JournalDashboard, startJournalDashboard } from './journal-dashboard.js';
import type { JournalApiState } from './journal-state.js';

const TOKEN_ENV = 'NMRBOT_TEST_JOURNAL_DASH_TOKEN';
const TOKEN = 'journal-dash-token-51c2';
/** A marker in the run's config: the dashboard must never echo the run config. */
const CONFIG_MARKER = 'config-marker-never-shown';

const { strategy: _s, ...SPEC } = { ...exactSpec({ risk: defaultConfig().risk }), strategy: undefined };

/** The fixture's meta with the run config the backtest command journals (its spec), labelled synthetic. */
const META: RunMeta = {
  ...FIXTURE_META,
  config: { ...SPEC, note: 'SYNTHETIC wave bars for the journal dashboard test', marker: CONFIG_MARKER },
};

/** Journals the flip strategy over the synthetic wave bars (as `journalFixtureBacktest`, with `META`). */
async function journalBacktest(
  market: MarketStore,
  journal: Journal,
): Promise<{ runId: string; result: BacktestResult }> {
  const writer = new JournalWriter(journal.trades, { batchSize: 7, clock: new SimClock(FIXTURE_CLOCK_AT) });
  const runId = await writer.startRun(META);
  const result = runBacktest(market, {
    ...exactSpec({ risk: defaultConfig().risk }),
    strategy: flipStrategy(),
    observer: writer,
  });
  await writer.finishRun(result);
  return { runId, result };
}

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

async function getState(d: JournalDashboard): Promise<JournalApiState> {
  const response = await fetch(`${d.server.url}/api/state`);
  expect(response.status).toBe(200);
  return (await response.json()) as JournalApiState;
}

interface Backend {
  readonly name: string;
  open(): Promise<{ journal: Journal; cleanup: () => Promise<void> }>;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-journal-dash-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const BACKENDS: Backend[] = [
  {
    name: 'SQLite file (journal.url sqlite:<path>)',
    open: async () => {
      const journal = await openJournal(`sqlite:${path.join(tmp, 'journal.db')}`, () => {
        throw new Error('the market store must not be opened');
      });
      return { journal, cleanup: () => journal.close() };
    },
  },
  {
    name: 'PostgreSQL (real local server)',
    open: async () => {
      await ensureTestDatabase();
      const schema = freshSchema('dash');
      const journal = await openJournal(schema.url, () => {
        throw new Error('the market store must not be opened');
      });
      return {
        journal,
        cleanup: async () => {
          await journal.close();
          await schema.drop();
        },
      };
    },
  },
];

describe.each(BACKENDS)('nmrbot dashboard over a journal: $name', (backend) => {
  let market: MarketStore;
  let journal: Journal;
  let cleanup: () => Promise<void>;
  let runId: string;
  let result: BacktestResult;
  let dashboard: JournalDashboard;
  let stream: StreamClient;
  const pollErrors: string[] = [];

  beforeAll(async () => {
    market = MarketStore.open(':memory:');
    storeFixtureMarket(market);
    ({ journal, cleanup } = await backend.open());
    ({ runId, result } = await journalBacktest(market, journal));
    await journal.changes.record(
      {
        time: FIXTURE_CLOCK_AT,
        runId,
        oldWeights: { price: 0.5, network: 0.3, sentiment: 0.2 },
        proposed: { price: 0.6, network: 0.25, sentiment: 0.15 },
        applied: true,
        evidence: { note: 'SYNTHETIC' },
      },
      `backtest:${runId}`,
    );
    dashboard = await startJournalDashboard({
      journal,
      port: 0,
      pollMs: 50,
      tokenEnv: TOKEN_ENV,
      env: { [TOKEN_ENV]: TOKEN },
      onError: (e) => pollErrors.push(e.message),
    });
    stream = await StreamClient.connect(`${dashboard.server.url.replace('http', 'ws')}/api/stream`);
  });
  afterAll(async () => {
    await stream?.close();
    await dashboard?.close();
    await cleanup?.().catch(() => undefined);
    market?.close();
  });

  it('shows the newest run with PnL, trade count and equity equal to sums of its journal rows', async () => {
    const [trades, fills, funding, equity, risk] = await Promise.all([
      journal.trades.trades(runId),
      journal.trades.fills(runId),
      journal.trades.fundingPayments(runId),
      journal.trades.equity(runId),
      journal.trades.riskDecisions(runId),
    ]);
    expect(trades.length, 'the fixture closes three trades').toBe(3);
    const s = await getState(dashboard);
    expect(dashboard.run.id).toBe(runId);
    expect(s.journal.runId).toBe(runId);
    expect(s.journal.synthetic).toBe(true);
    expect(s.journal.tradeCount).toBe(3);
    expect(s.account.realisedPnl).toBe(sum(trades.map((t) => t.netPnl)));
    expect(s.account.realisedPnl).toBe(sum(result.trades.map((t) => t.netPnl)));
    expect(s.account.fees).toBe(sum(fills.map((f) => f.fee)));
    expect(s.account.funding).toBe(sum(funding.map((p) => p.cashflow)));
    expect(funding.length, 'the wave funding settles on open positions').toBeGreaterThan(0);
    const last = equity[equity.length - 1];
    expect(equity.length).toBe(48);
    expect(s.account.equity).toBe(last?.equity);
    expect(s.account.equity).toBe(result.equity.column('equity')[result.equity.length - 1]);
    expect(s.journal.equitySource).toBe('equity table');
    expect(s.journal.equityCurve).toEqual(equity.map((e) => ({ time: e.time, equity: e.equity })));
    expect(s.account.startingEquity).toBe(1000);
    expect(s.positions, 'the fixture ends flat').toEqual([]);
    expect(s.account.unrealisedPnl).toBe(0);
    expect(s.exposure.leverageCap).toBe(defaultConfig().risk.maxLeverage);
    expect(s.exposure.marginCapFraction).toBe(defaultConfig().risk.maxMarginFraction);
    expect(s.time).toBe(last?.time);
    expect(s.paused, 'a journal does not record pause').toBeNull();
    expect(s.feeds).toEqual([]);
    expect(s.latency).toEqual([]);
    expect(s.journal.unknown).toEqual(['paused', 'feeds', 'latency']);
    // Newest first, as the session tracker shows them.
    expect(s.recentTrades.map((t) => t.id)).toEqual([3, 2, 1]);
    const refused = risk.filter((d) => d.outcome === 'refused');
    expect(refused.length, 'the venue-minimum probe is refused').toBeGreaterThan(0);
    expect(s.refusedDecisions).toEqual(JSON.parse(JSON.stringify([...refused].reverse())));
    const lastPayment = funding[funding.length - 1];
    expect(s.funding).toEqual({
      rate: lastPayment?.rate,
      intervalHours: lastPayment?.intervalHours,
      lastSettlement: lastPayment?.time,
      nextSettlement: (lastPayment?.time ?? 0) + (lastPayment?.intervalHours ?? 0) * H,
      expectedPayment: 0,
    });
    expect(s.journal.fundingPayments).toEqual([...funding].reverse());
    expect(s.breaker).toEqual({ state: 'active', calmRemainingMs: 0 });
    expect(s.signals, 'no target carries a snapshot: the weights the review applied').toEqual({
      score: null,
      families: [
        { name: 'price', weight: 0.6, score: null },
        { name: 'network', weight: 0.25, score: null },
        { name: 'sentiment', weight: 0.15, score: null },
      ],
    });
    expect(JSON.stringify(s)).not.toContain(CONFIG_MARKER);
    const rest = (await (await fetch(`${dashboard.server.url}/api/trades?limit=2`)).json()) as {
      trades: JournalTrade[];
    };
    expect(rest.trades.map((t) => t.id)).toEqual([3, 2]);
    const health = (await (await fetch(`${dashboard.server.url}/api/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
  });

  it('refuses every control after the token check, naming the run', async () => {
    const post = (p: string, token?: string, body: unknown = {}) =>
      fetch(`${dashboard.server.url}${p}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      });
    const bare = await post('/api/pause');
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ error: 'unauthorized' });
    expect((await post('/api/flatten', 'wrong-token')).status).toBe(401);
    for (const p of ['/api/pause', '/api/resume', '/api/flatten']) {
      const r = await post(p, TOKEN);
      expect(r.status, p).toBe(501);
      expect(await r.json()).toEqual({
        error:
          `this dashboard reads the journal of run ${runId}; it cannot control a session: ` +
          "use the running session's own --dashboard to control it",
        refused: 'journal_dashboard',
      });
    }
    const order = await post('/api/orders', TOKEN, { side: 'buy', quantity: 1, note: 'test' });
    expect(order.status).toBe(501);
  });

  it('follows rows appended to the run: a new trade, then an open position, a breaker trip and a signal', async () => {
    const before = await getState(dashboard);
    const fills = await journal.trades.fills(runId);
    const decisions = await journal.trades.decisions(runId);
    const risk = await journal.trades.riskDecisions(runId);
    const equity = await journal.trades.equity(runId);
    const lastSample = equity[equity.length - 1];
    if (lastSample === undefined) throw new Error('no equity rows');
    const t = lastSample.time + H;
    const fill = (
      n: number,
      side: 'buy' | 'sell',
      time: number,
      quantity: number,
      price: number,
      fee: number,
    ): Fill => ({
      tradeId: `appended-${n}`,
      clientOrderId: `appended-order-${n}` as ClientOrderId,
      symbol: result.spec.symbol,
      time: time as EpochMs,
      side,
      quantity,
      price,
      fee,
      liquidity: 'taker',
      slippageCost: 0,
      reduceOnly: side === 'sell',
    });
    // A closed long, 10 at 11 → 12, fees 0.05 each way (SYNTHETIC rows written by this test).
    const trade: JournalTrade = {
      id: 4,
      symbol: result.spec.symbol,
      side: 'long',
      signalType: 'momentum',
      entryTime: t as EpochMs,
      entryPrice: 11,
      exitTime: (t + H) as EpochMs,
      exitPrice: 12,
      quantity: 10,
      leverage: 1,
      exitReason: 'take_profit',
      grossPnl: 10,
      fees: 0.1,
      funding: 0,
      slippageCost: 0,
      netPnl: 9.9,
      liquidated: false,
      origin: 'auto',
    };
    await journal.trades.write({
      ...emptyBatch(runId),
      fills: [
        { seq: fills.length + 1, fill: fill(1, 'buy', t, 10, 11, 0.05) },
        { seq: fills.length + 2, fill: fill(2, 'sell', t + H, 10, 12, 0.05) },
      ],
      trades: [trade],
      equity: [
        { ...lastSample, time: t + H, equity: lastSample.equity + 9.9, wallet: lastSample.wallet + 9.9 },
      ],
    });
    const pushed = await stream.next((m) => m.state.recentTrades[0]?.id === 4);
    const s = pushed.state as unknown as JournalApiState;
    expect(s.journal.tradeCount).toBe(4);
    expect(s.recentTrades[0]).toMatchObject({ id: 4, netPnl: 9.9, exitReason: 'take_profit' });
    expect(s.account.realisedPnl).toBe(before.account.realisedPnl + 9.9);
    expect(s.account.fees).toBe(before.account.fees + 0.05 + 0.05);
    expect(s.account.equity).toBe(lastSample.equity + 9.9);
    expect(s.time).toBe(t + H);
    expect(s.version).toBeGreaterThan(before.version);

    // An open long of 20 at 12.5 (no equity row after it), a breaker trip, a target with its score snapshot.
    const t2 = t + 2 * H;
    await journal.trades.write({
      ...emptyBatch(runId),
      fills: [{ seq: fills.length + 3, fill: fill(3, 'buy', t2, 20, 12.5, 0.125) }],
      riskDecisions: [
        {
          seq: risk.length + 1,
          time: t2 as EpochMs,
          symbol: result.spec.symbol,
          rule: 'circuit_breaker',
          outcome: 'flatten',
          origin: 'auto',
          message: 'SYNTHETIC trip',
          numbers: { haltedUntil: t2 + 4 * H },
        },
      ],
      decisions: [
        {
          seq: decisions.length + 1,
          time: (t2 + 60_000) as EpochMs,
          kind: 'target',
          price: 12.75,
          detail: {
            side: 'long',
            tag: 'momentum',
            snapshot: {
              score: 0.42,
              families: {
                price: { value: 0.5, effectiveWeight: 0.6 },
                network: { value: null, effectiveWeight: 0.4 },
              },
            },
          },
        },
      ],
    });
    const open = (await stream.next((m) => m.state.positions.length === 1))
      .state as unknown as JournalApiState;
    expect(open.positions).toEqual([
      {
        symbol: result.spec.symbol,
        quantity: 20,
        entryPrice: 12.5,
        markPrice: 12.75,
        leverage: null,
        unrealisedPnl: (12.75 - 12.5) * 20,
      },
    ]);
    expect(open.account.unrealisedPnl).toBe(5);
    expect(open.journal.equitySource).toBe('fills');
    // Fills-derived wallet = the last equity row's wallet (flat then) − the new fee; plus the open PnL.
    expect(open.account.equity).toBeCloseTo(lastSample.equity + 9.9 - 0.125 + 5, 9);
    expect(open.exposure.marginUsed, 'leverage of the open position is not journaled yet').toBeNull();
    expect(open.journal.unknown).toEqual([
      'paused',
      'feeds',
      'latency',
      'positions.leverage',
      'exposure.marginUsed',
    ]);
    expect(open.breaker).toEqual({
      state: 'halted',
      rule: 'circuit_breaker',
      until: t2 + 4 * H,
      calmRemainingMs: 4 * H - 60_000,
    });
    expect(open.journal.breakerEvents.map((d) => d.message)).toEqual(['SYNTHETIC trip']);
    expect(open.signals).toEqual({
      score: 0.42,
      families: [
        { name: 'price', weight: 0.6, score: 0.5 },
        { name: 'network', weight: 0.4, score: null },
      ],
    });
  });

  it('keeps the last state and reports degraded health when the journal cannot be read', async () => {
    const before = await getState(dashboard);
    await journal.close();
    const pushed = await stream.next((m) => m.state.version > before.version);
    const failed = pushed.state as unknown as JournalApiState;
    expect(failed.recentTrades).toEqual(before.recentTrades);
    expect(failed.journal.readError).toBe(pollErrors[0]);
    const h = (await (await fetch(`${dashboard.server.url}/api/health`)).json()) as {
      status: string;
      unhealthyFeeds: string[];
    };
    expect(h).toMatchObject({ status: 'degraded', unhealthyFeeds: ['journal'] });
    expect(pollErrors).toHaveLength(1);
    expect((await getState(dashboard)).account).toEqual(before.account);
  });
});

describe('nmrbot dashboard: choosing the run', () => {
  let market: MarketStore;
  let journal: Journal;
  let first: string;
  let second: string;
  beforeAll(async () => {
    market = MarketStore.open(':memory:');
    storeFixtureMarket(market);
    journal = await openJournal(undefined, () => market.db);
    first = (await journalBacktest(market, journal)).runId;
    second = (await journalBacktest(market, journal)).runId;
  });
  afterAll(async () => {
    await journal.close();
    market.close();
  });

  it('shows the run --run names', async () => {
    const d = await startJournalDashboard({
      journal,
      runId: first,
      port: 0,
      pollMs: 1000,
      tokenEnv: TOKEN_ENV,
      env: {},
    });
    try {
      expect((await getState(d)).journal.runId).toBe(first);
      // Without a token the controls are disabled outright (403), as in a session.
      const r = await fetch(`${d.server.url}/api/pause`, { method: 'POST' });
      expect(r.status).toBe(403);
    } finally {
      await d.close();
    }
  });

  it('refuses an unknown run id, listing the newest runs', async () => {
    const started = new Date(FIXTURE_CLOCK_AT).toISOString();
    const attempt = startJournalDashboard({
      journal,
      runId: 'bt-nope',
      port: 0,
      pollMs: 1000,
      tokenEnv: TOKEN_ENV,
    });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      `--run: no journal run "bt-nope"; the newest 2 are: ${second} (backtest, started ${started}), ` +
        `${first} (backtest, started ${started}) (nmrbot journal runs lists them all)`,
    );
  });

  it('says so when the journal has no runs', async () => {
    const empty = MarketStore.open(':memory:');
    try {
      const j = await openJournal(undefined, () => empty.db);
      await expect(
        startJournalDashboard({ journal: j, port: 0, pollMs: 1000, tokenEnv: TOKEN_ENV }),
      ).rejects.toThrow('the journal has no runs yet (nmrbot journal runs lists them)');
    } finally {
      empty.close();
    }
  });
});
