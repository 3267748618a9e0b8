import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BacktestResult, runBacktest } from '../backtest/index.js';
import {
  EXCHANGE,
  SYMBOL,
  type TempStore,
  exactSpec,
  storeFunding,
  storeHourlyBars,
  tempStore,
} from '../backtest/test-helpers.js';
import type { EpochMs, Fill, OrderState } from '../core/index.js';
import type { Decision, KernelObserver } from '../kernel/index.js';
import { resultSummaryJson } from '../report/index.js';
import { WAVE_FUNDING, flipStrategy, waveBars } from '../report/test-fixtures.js';
import type { FundingRateEvent } from '../strategy/index.js';
import { JournalWriter, type JournalWriterOptions } from './journal-writer.js';
import type { JournalTrade, RunMeta } from './journal.types.js';
import { SqliteTradeStore } from './sqlite-trade-store.js';

/** Keeps what the kernel reported, to compare with what the journal reads back. */
class Recorder implements KernelObserver {
  orders = new Map<string, OrderState>();
  fills: Fill[] = [];
  decisions: Decision[] = [];
  funding: { time: number; cashflow: number }[] = [];
  logs: string[] = [];
  onOrder(o: OrderState): void {
    this.orders.set(o.clientOrderId, o);
  }
  onFill(f: Fill): void {
    this.fills.push(f);
  }
  onDecision(d: Decision): void {
    this.decisions.push(d);
  }
  onFunding(e: FundingRateEvent, cashflow: number | undefined): void {
    if (cashflow !== undefined) this.funding.push({ time: e.time, cashflow });
  }
  onLog(_t: EpochMs, message: string): void {
    this.logs.push(message);
  }
}

/** Sends every event to each observer in turn. */
function tee(...observers: KernelObserver[]): KernelObserver {
  return {
    onOrder: (o) => observers.forEach((x) => x.onOrder?.(o)),
    onFill: (f) => observers.forEach((x) => x.onFill?.(f)),
    onDecision: (d) => observers.forEach((x) => x.onDecision?.(d)),
    onFunding: (e, c) => observers.forEach((x) => x.onFunding?.(e, c)),
    onLiquidation: (s, t, r) => observers.forEach((x) => x.onLiquidation?.(s, t, r)),
    onTrade: (t) => observers.forEach((x) => x.onTrade?.(t)),
    onLog: (t, m) => observers.forEach((x) => x.onLog?.(t, m)),
  };
}

const stripJournal = ({ origin: _o, regime: _r, signalSnapshot: _s, ...t }: JournalTrade) => t;

function meta(over: Partial<RunMeta> = {}): RunMeta {
  return {
    kind: 'backtest',
    strategy: 'flipper',
    exchange: EXCHANGE,
    symbol: SYMBOL,
    timeframe: '1h',
    config: exactSpec(),
    deterministic: true,
    ...over,
  };
}

describe('JournalWriter', () => {
  let t: TempStore;
  let journal: SqliteTradeStore;
  beforeEach(() => {
    t = tempStore();
    storeHourlyBars(t.store, waveBars(48));
    storeFunding(t.store, WAVE_FUNDING);
    journal = new SqliteTradeStore(t.store.db);
  });
  afterEach(() => t.cleanup());

  async function journaledRun(
    options: JournalWriterOptions = {},
    runMeta: RunMeta = meta(),
  ): Promise<{ id: string; result: BacktestResult; rec: Recorder }> {
    const writer = new JournalWriter(journal, options);
    const rec = new Recorder();
    const id = await writer.startRun(runMeta);
    const result = runBacktest(t.store, {
      ...exactSpec(),
      strategy: flipStrategy(),
      observer: tee(writer, rec),
    });
    await writer.finishRun(result);
    return { id, result, rec };
  }

  it('journals a backtest whose orders, fills and trades read back exactly as the result reports them', async () => {
    const { id, result, rec } = await journaledRun();
    const trades = await journal.trades(id);
    expect(trades, 'four round trips: three flips or exits of a position, one more short').toHaveLength(4);
    expect(trades.map(stripJournal)).toEqual(result.trades);
    expect(trades.map((x) => [x.signalType, x.exitReason])).toEqual([
      ['momentum', 'mean_reversion'],
      ['mean_reversion', 'momentum'],
      ['momentum', 'time_exit'],
      ['funding_reversion', 'stop_loss'],
    ]);
    expect(trades.every((x) => x.origin === 'auto')).toBe(true);

    const fills = await journal.fills(id);
    expect(fills).toHaveLength(6);
    expect(fills).toHaveLength(result.counts.fills);
    expect(fills).toEqual(rec.fills);
    expect(
      fills.reduce((s, f) => s + f.fee, 0),
      'fees summed in fill order',
    ).toBe(result.metrics.fees);

    const orders = await journal.orders(id);
    expect(orders, 'six target orders, a rejected probe and a canceled bid').toHaveLength(8);
    expect(orders).toHaveLength(result.counts.orders);
    const reported = [...rec.orders.values()].map((o) => ({ ...o, reduceOnly: o.reduceOnly === true }));
    expect(orders, 'reduceOnly comes back as a boolean even when the intent left it out').toEqual(reported);
    expect(orders.filter((o) => o.status === 'rejected')).toHaveLength(result.counts.rejectedOrders);
    expect(orders.find((o) => o.tag === 'probe')?.rejectReason).toMatch(/^MIN_NOTIONAL/);
    const filled = orders.filter((o) => o.status === 'filled');
    expect(filled, 'each target order updated in place from open to filled').toHaveLength(6);
    expect(filled.map((o) => o.averagePrice)).toEqual(fills.map((f) => f.price));

    const decisions = await journal.decisions(id);
    expect(decisions).toEqual(rec.decisions.map((d, i) => ({ seq: i + 1, ...d })));
    expect(
      decisions.map((d) => d.kind),
      'bars 2, 5 (two orders), 9, 12 (cancel), 17, 25, 30, 41',
    ).toEqual(['target', 'order', 'order', 'target', 'cancel', 'target', 'target', 'target', 'target']);
  });

  it('journals funding payments, logs, equity samples and the run with its summary', async () => {
    const { id, result, rec } = await journaledRun();
    const funding = await journal.fundingPayments(id);
    expect(funding).toHaveLength(result.counts.fundingSettlements);
    expect(funding.map((f) => ({ time: f.time, cashflow: f.cashflow }))).toEqual(rec.funding);
    const paid = funding.filter((f) => f.cashflow < 0).reduce((s, f) => s - f.cashflow, 0);
    expect(paid).toBe(result.metrics.fundingPaid);
    expect(funding.every((f) => f.source === 'real' || f.source === 'constant')).toBe(true);

    expect((await journal.logs(id)).map((l) => l.message)).toEqual(['probing the minimum notional']);

    const equity = await journal.equity(id);
    expect(equity.map((e) => e.time)).toEqual(Array.from(result.equity.column('time')));
    expect(equity.map((e) => e.equity)).toEqual(Array.from(result.equity.column('equity')));
    expect(equity.map((e) => e.position)).toEqual(Array.from(result.equity.column('position')));

    const run = await journal.run(id);
    expect(run).toMatchObject({
      id,
      kind: 'backtest',
      strategy: 'flipper',
      exchange: EXCHANGE,
      symbol: SYMBOL,
      timeframe: '1h',
      synthetic: true,
    });
    expect(run?.finishedAt).toBeGreaterThanOrEqual(run?.startedAt ?? Infinity);
    expect(run?.summary).toEqual(JSON.parse(JSON.stringify(resultSummaryJson(result))));
    expect(run?.config).toEqual(JSON.parse(JSON.stringify(exactSpec())));
    expect(await journal.listRuns()).toHaveLength(1);
  });

  it('writes the same journal in many small batches as in one', async () => {
    const big = await journaledRun({ batchSize: 100_000 });
    const small = await journaledRun({ batchSize: 1 });
    for (const read of ['trades', 'fills', 'orders', 'decisions', 'fundingPayments', 'equity'] as const) {
      expect(await journal[read](small.id), read).toEqual(await journal[read](big.id));
    }
  });

  it('numbers deterministic run ids per input and gives random ids otherwise', async () => {
    const first = await journaledRun();
    const second = await journaledRun();
    expect(first.id).toMatch(/^bt-[0-9a-f]{12}-1$/);
    expect(second.id).toBe(first.id.replace(/-1$/, '-2'));
    const other = await journaledRun({}, meta({ config: { ...exactSpec(), leverage: 2 } }));
    expect(other.id.slice(0, 15), 'other inputs hash differently').not.toBe(first.id.slice(0, 15));
    const random = await journaledRun({}, meta({ deterministic: false }));
    expect(random.id).toMatch(/^bt-[0-9a-f-]{36}$/);
    expect((await journal.listRuns()).map((r) => r.id).sort()).toEqual(
      [first.id, second.id, other.id, random.id].sort(),
    );
  });

  it('samples the equity curve every n-th bar, keeping the last, when asked', async () => {
    const { id, result } = await journaledRun({ equityEvery: 10 });
    const times = Array.from(result.equity.column('time'));
    expect(times).toHaveLength(48);
    const expected = times.filter((_, i) => i % 10 === 0 || i === times.length - 1);
    expect((await journal.equity(id)).map((e) => e.time)).toEqual(expected);
  });

  it('writes the trades at finishRun when it did not observe the run', async () => {
    const writer = new JournalWriter(journal);
    const id = await writer.startRun(meta());
    const result = runBacktest(t.store, { ...exactSpec(), strategy: flipStrategy() });
    await writer.finishRun(result);
    expect((await journal.trades(id)).map(stripJournal)).toEqual(result.trades);
    expect(await journal.fills(id)).toEqual([]);
  });

  it('journals a liquidation with the position it closed', async () => {
    const liq = tempStore();
    try {
      storeHourlyBars(liq.store, [
        [10, 10, 10, 10],
        [10, 10, 10, 10],
        [10, 10.1, 9.0, 9.5],
        [9.5, 9.5, 9.5, 9.5],
      ]);
      const store = new SqliteTradeStore(liq.store.db);
      const writer = new JournalWriter(store);
      const spec = exactSpec({ leverage: 10 });
      const id = await writer.startRun(meta({ config: spec }));
      const result = runBacktest(liq.store, {
        ...spec,
        strategy: { name: 'lev', onBar: (_b, ctx) => ctx.position() ?? ctx.setTarget({ side: 'long' }) },
        observer: writer,
      });
      await writer.finishRun(result);
      expect(result.metrics.liquidations).toBe(1);
      expect(await store.liquidations(id)).toEqual([
        expect.objectContaining({
          symbol: SYMBOL,
          quantity: 1000,
          price: result.trades[0]?.exitPrice,
          leverage: 10,
        }),
      ]);
      expect((await store.trades(id))[0]).toMatchObject({ exitReason: 'liquidation', liquidated: true });
    } finally {
      liq.cleanup();
    }
  });

  it('refuses events outside a run and a second start before the first finished', async () => {
    const writer = new JournalWriter(journal);
    expect(() => writer.onLog(0 as EpochMs, 'x')).toThrow(/outside a run: call startRun first/);
    await writer.startRun(meta());
    await expect(writer.startRun(meta())).rejects.toThrow(/still open; finish it first/);
  });
});
