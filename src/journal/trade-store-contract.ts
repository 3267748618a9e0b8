import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientOrderId, type EpochMs, type Fill, type OrderState, SimClock } from '../core/index.js';
import { JournalWriter } from './journal-writer.js';
import {
  type JournalBatch,
  type JournalDecision,
  type JournalRiskDecision,
  type JournalTrade,
  RunIdTakenError,
  type TradeStore,
} from './journal.types.js';
import { FIXTURE_CLOCK_AT, FIXTURE_META, emptyBatch } from './test-journal-fixture.js';

/** A store under test and how to throw it away (drop its schema, delete its file). */
export interface StoreHarness {
  readonly store: TradeStore;
  cleanup(): Promise<void>;
}

const T = Date.UTC(2024, 0, 6, 10) as EpochMs; // a Saturday, 10:00 UTC
const cid = (s: string): ClientOrderId => s as ClientOrderId;

/** Hand-written rows of one short manual run (labelled synthetic), with NaN and ±Infinity where allowed. */
const ORDER: OrderState = {
  clientOrderId: cid('man-1'),
  symbol: 'NMR/USDT:USDT',
  side: 'buy',
  type: 'limit',
  quantity: 10,
  price: 12.5,
  reduceOnly: false,
  tag: 'manual',
  status: 'open',
  filledQuantity: 0,
  averagePrice: undefined,
  createdAt: T,
  updatedAt: T,
};
const FILLED: OrderState = {
  ...ORDER,
  status: 'filled',
  filledQuantity: 10,
  averagePrice: 12.5,
  updatedAt: (T + 60_000) as EpochMs,
};
const FILL: Fill = {
  tradeId: 'v-77',
  clientOrderId: cid('man-1'),
  symbol: 'NMR/USDT:USDT',
  time: (T + 60_000) as EpochMs,
  side: 'buy',
  quantity: 10,
  price: 12.5,
  fee: 0.025,
  liquidity: 'maker',
  slippageCost: 0,
  reduceOnly: false,
  tag: 'manual',
};
const TRADE: JournalTrade = {
  id: 1,
  symbol: 'NMR/USDT:USDT',
  side: 'long',
  signalType: 'manual',
  entryTime: (T + 60_000) as EpochMs,
  entryPrice: 12.5,
  exitTime: (T + 7_200_000) as EpochMs,
  exitPrice: NaN,
  quantity: 10,
  leverage: 2,
  exitReason: 'manual_close',
  grossPnl: 3,
  fees: 0.05,
  funding: -0.01,
  slippageCost: 0,
  netPnl: 2.94,
  liquidated: false,
  origin: 'manual',
  regime: 'normal',
  entrySnapshot: { regime: 'normal', score: 0.4 },
  signalSnapshot: { regime: 'normal', score: 0.4 },
  operatorNote: 'news: listing on a new venue',
  mood: 'calm',
  confidence: 0.7,
};
const DECISION: JournalDecision = {
  seq: 1,
  time: T,
  kind: 'target',
  detail: { side: 'long', leverage: 2, tag: 'manual' },
  price: 12.5,
  operatorNote: 'buying the dip',
  mood: 'fomo',
  confidence: 0.25,
};
const AUTO_DECISION: JournalDecision = {
  seq: 2,
  time: (T + 3_600_000) as EpochMs,
  kind: 'cancel',
  detail: { clientOrderId: cid('x') },
  price: NaN,
};
const RISK: JournalRiskDecision = {
  seq: 1,
  time: T,
  symbol: 'NMR/USDT:USDT',
  rule: 'weekend_manual',
  outcome: 'resized',
  origin: 'manual',
  message: 'weekend manual order: leverage cut from 5x to 2x',
  numbers: { asked: 5, allowed: 2, cap: Infinity, floor: -Infinity, unknown: NaN },
};

function manualRun(runId: string, kind: 'live' | 'paper' = 'live', startedAt: number = T): JournalBatch {
  return {
    ...emptyBatch(runId),
    start: {
      id: runId,
      kind,
      strategy: 'manual',
      exchange: 'synthetic',
      symbol: 'NMR/USDT:USDT',
      timeframe: '1m',
      startedAt,
      config: { labelled: 'synthetic' },
      synthetic: true,
    },
    orders: [{ seq: 1, order: ORDER }],
    decisions: [DECISION],
    riskDecisions: [RISK],
  };
}

function manualRunRest(runId: string): JournalBatch {
  return {
    ...emptyBatch(runId),
    orders: [{ seq: 1, order: FILLED }],
    fills: [
      { seq: 1, fill: FILL },
      { seq: 2, fill: { ...FILL, price: 99 } },
    ],
    trades: [TRADE],
    decisions: [AUTO_DECISION],
    funding: [
      {
        time: T + 3_600_000,
        symbol: 'NMR/USDT:USDT',
        rate: -0.0001,
        intervalHours: 8,
        markPrice: 12.6,
        cashflow: -0.01,
        source: 'real',
      },
    ],
    liquidations: [
      {
        time: T + 5_000_000,
        symbol: 'NMR/USDT:USDT',
        quantity: -1,
        price: 11,
        entryPrice: 12.5,
        leverage: 2,
        realisedPnl: -1.5,
        fee: 0.01,
        marginReturned: 4.74,
      },
    ],
    equity: [
      { time: T, equity: 100, wallet: 100, unrealisedPnl: 0, marginUsed: 0, position: 0, price: NaN },
      {
        time: T + 3_600_000,
        equity: 101.5,
        wallet: 99.97,
        unrealisedPnl: 1.53,
        marginUsed: 62.5,
        position: 10,
        price: 12.653,
      },
    ],
    logs: [{ seq: 1, time: T, message: 'operator: "long 10" ✓' }],
    finish: { finishedAt: T + 7_200_000, synthetic: false, summary: { trades: 1, net: 2.94 } },
  };
}

/**
 * The journal's contract, run against every `TradeStore` (SQLite and PostgreSQL call it with their
 * own harness), so the two backends cannot drift apart.
 */
export function tradeStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`TradeStore contract: ${name}`, () => {
    let h: StoreHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => h.cleanup());

    it('reads back a hand-written run exactly, with its manual notes, NaN and ±Infinity', async () => {
      const s = h.store;
      await s.write(manualRun('live-m1'));
      await s.write(manualRunRest('live-m1'));
      expect(await s.run('live-m1')).toEqual({
        id: 'live-m1',
        kind: 'live',
        strategy: 'manual',
        exchange: 'synthetic',
        symbol: 'NMR/USDT:USDT',
        timeframe: '1m',
        startedAt: T,
        finishedAt: T + 7_200_000,
        config: { labelled: 'synthetic' },
        synthetic: true, // the start said synthetic; a finish saying false does not clear it
        summary: { trades: 1, net: 2.94 },
      });
      expect(await s.orders('live-m1'), 'latest state of the order').toEqual([
        { ...FILLED, averagePrice: 12.5 },
      ]);
      expect(await s.fills('live-m1'), 'a second fill with the same venue id is ignored').toEqual([FILL]);
      expect(await s.trades('live-m1')).toEqual([TRADE]);
      expect(await s.decisions('live-m1')).toEqual([DECISION, AUTO_DECISION]);
      expect(await s.riskDecisions('live-m1')).toEqual([RISK]);
      expect((await s.fundingPayments('live-m1'))[0]?.cashflow).toBe(-0.01);
      expect((await s.liquidations('live-m1'))[0]?.marginReturned).toBe(4.74);
      expect((await s.equity('live-m1')).map((e) => e.price)).toEqual([NaN, 12.653]);
      expect(await s.logs('live-m1')).toEqual([{ seq: 1, time: T, message: 'operator: "long 10" ✓' }]);
    });

    it('refuses a second run with the same id and writes nothing of that batch', async () => {
      await h.store.write(manualRun('live-dup'));
      const again = { ...manualRun('live-dup'), logs: [{ seq: 9, time: T, message: 'must not land' }] };
      await expect(Promise.resolve().then(() => h.store.write(again))).rejects.toBeInstanceOf(
        RunIdTakenError,
      );
      expect(await h.store.logs('live-dup')).toEqual([]);
      expect(await h.store.decisions('live-dup')).toEqual([DECISION]);
    });

    it('lists, counts and deletes runs', async () => {
      await h.store.write(manualRun('live-a'));
      await h.store.write(manualRun('live-b', 'paper', T + 1));
      await h.store.write(manualRun('live-ab'));
      expect(
        (await h.store.listRuns()).map((r) => r.id),
        'newest first, then id descending',
      ).toEqual(['live-b', 'live-ab', 'live-a']);
      expect((await h.store.listRuns({ kind: 'paper' })).map((r) => r.id)).toEqual(['live-b']);
      expect(await h.store.listRuns({ strategy: 'nobody' })).toEqual([]);
      expect(await h.store.countRuns('live-a')).toBe(2);
      expect(await h.store.countRuns('live-%')).toBe(0);
      await h.store.deleteRun('live-a');
      expect(await h.store.run('live-a')).toBeUndefined();
      expect(await h.store.decisions('live-a')).toEqual([]);
      expect(await h.store.riskDecisions('live-a')).toEqual([]);
      expect(await h.store.decisions('live-ab'), 'the other runs are untouched').toEqual([DECISION]);
    });

    it('gives writers starting runs of the same inputs at once distinct numbered ids', async () => {
      const clock = new SimClock(FIXTURE_CLOCK_AT);
      const writers = Array.from({ length: 6 }, () => new JournalWriter(h.store, { clock }));
      const ids = await Promise.all(writers.map((w) => w.startRun(FIXTURE_META)));
      const stem = ids[0]?.replace(/-\d+$/, '') ?? '';
      expect(stem).toMatch(/^bt-[0-9a-f]{12}$/);
      expect([...ids].sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${stem}-${n}`));
      await Promise.all(writers.map((w) => w.finishRun()));
      expect(await h.store.countRuns(`${stem}-`)).toBe(6);
    });
  });
}
