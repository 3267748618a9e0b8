import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/index.js';
import {
  EXCHANGE,
  SYMBOL,
  type TempStore,
  exactSpec,
  storeHourlyBars,
  tempStore,
} from '../backtest/test-helpers.js';
import { flipStrategy, waveBars } from '../report/test-fixtures.js';
import { JournalWriter } from './journal-writer.js';
import type { JournalBatch, RunMeta, TradeStore } from './journal.types.js';
import { SqliteTradeStore } from './sqlite-trade-store.js';

/**
 * A hand-written slow network store (the real PostgreSQL one is tested in postgres-trade-store.test.ts): each write completes a few
 * microtasks later, optionally failing from the n-th write on.
 */
function asyncStore(
  inner: SqliteTradeStore,
  failFrom = Infinity,
): { store: TradeStore; writes: () => number } {
  let writes = 0;
  const store: TradeStore = Object.create(inner) as TradeStore;
  store.write = async (batch: JournalBatch): Promise<void> => {
    const n = ++writes;
    await Promise.resolve();
    await Promise.resolve();
    if (n >= failFrom) throw new Error(`connection lost at write ${n}`);
    inner.write(batch);
  };
  return { store, writes: () => writes };
}

const META: RunMeta = {
  kind: 'paper',
  strategy: 'flipper',
  exchange: EXCHANGE,
  symbol: SYMBOL,
  timeframe: '1h',
  deterministic: true,
};

describe('JournalWriter with an asynchronous store', () => {
  let t: TempStore;
  let sqlite: SqliteTradeStore;
  beforeEach(() => {
    t = tempStore();
    storeHourlyBars(t.store, waveBars(48));
    sqlite = new SqliteTradeStore(t.store.db);
  });
  afterEach(() => t.cleanup());

  it('keeps batches in order while earlier writes are still in flight', async () => {
    const { store, writes } = asyncStore(sqlite);
    const writer = new JournalWriter(store, { batchSize: 2 });
    const id = await writer.startRun(META);
    expect(id).toMatch(/^paper-[0-9a-f]{12}-1$/);
    const result = runBacktest(t.store, { ...exactSpec(), strategy: flipStrategy(), observer: writer });
    await writer.finishRun(result);
    expect(writes(), 'many small batches were queued').toBeGreaterThan(5);
    expect((await sqlite.trades(id)).map((x) => x.id)).toEqual(result.trades.map((x) => x.id));
    expect(await sqlite.fills(id)).toHaveLength(result.counts.fills);
    expect((await sqlite.run(id))?.finishedAt).toBeDefined();
  });

  it('reports a failed write at finishRun instead of losing it silently', async () => {
    const writer = new JournalWriter(asyncStore(sqlite, 3).store, { batchSize: 2 });
    await writer.startRun(META);
    const result = runBacktest(t.store, { ...exactSpec(), strategy: flipStrategy(), observer: writer });
    await expect(writer.finishRun(result)).rejects.toThrow('connection lost at write 3');
  });
});

describe('SqliteTradeStore', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
    storeHourlyBars(t.store, waveBars(48));
  });
  afterEach(() => t.cleanup());

  it('filters runs by kind and strategy and deletes a run with everything under it', async () => {
    const journal = new SqliteTradeStore(t.store.db);
    const ids: string[] = [];
    for (const kind of ['backtest', 'paper'] as const) {
      const writer = new JournalWriter(journal);
      ids.push(await writer.startRun({ ...META, kind }));
      await writer.finishRun(
        runBacktest(t.store, { ...exactSpec(), strategy: flipStrategy(), observer: writer }),
      );
    }
    expect((await journal.listRuns({ kind: 'paper' })).map((r) => r.id)).toEqual([ids[1]]);
    expect(await journal.listRuns({ strategy: 'nobody' })).toEqual([]);
    await journal.deleteRun(ids[0] ?? '');
    expect(await journal.run(ids[0] ?? '')).toBeUndefined();
    expect(await journal.fills(ids[0] ?? '')).toEqual([]);
    expect((await journal.fills(ids[1] ?? '')).length, 'the other run is untouched').toBeGreaterThan(0);
  });
});
