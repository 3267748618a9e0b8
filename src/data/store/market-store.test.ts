import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EpochMs } from '../../core/index.js';
import { CandleSeries, CandleSeriesBuilder } from '../series/index.js';
import { CHUNK_BARS } from './candle-chunks.js';
import { MarketStore } from './market-store.js';
import { MIGRATIONS } from './migrations.js';
import type { SeriesKey } from './series-key.js';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1);
const CANDLES: SeriesKey = {
  exchange: 'binanceusdm',
  symbol: 'NMR/USDT:USDT',
  kind: 'candles',
  timeframe: '1m',
};
const FUNDING: SeriesKey = { exchange: 'binanceusdm', symbol: 'NMR/USDT:USDT', kind: 'funding' };

function bars(fromMinute: number, count: number, price = 10): CandleSeries {
  const b = new CandleSeriesBuilder('1m', count);
  for (let i = 0; i < count; i++) {
    const p = price + (fromMinute + i) * 0.001;
    b.push(T0 + (fromMinute + i) * MIN, p, p + 0.01, p - 0.01, p + 0.005, fromMinute + i);
  }
  return b.build();
}

describe('MarketStore', () => {
  let dir: string;
  let store: MarketStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-store-'));
    store = MarketStore.open(path.join(dir, 'test.db'));
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with the schema at the newest migration', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const newest = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(store.db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(newest);
  });

  it('round-trips candles across several chunks exactly', () => {
    const s = bars(100, 3 * CHUNK_BARS + 17);
    expect(store.upsertCandles(CANDLES, s)).toEqual({ inserted: s.length, updated: 0, unchanged: 0 });
    const back = store.loadCandles(CANDLES);
    expect(Array.from(back.openTime)).toEqual(Array.from(s.openTime));
    expect(Array.from(back.close)).toEqual(Array.from(s.close));
    expect(store.span(CANDLES)).toEqual({
      rows: s.length,
      first: T0 + 100 * MIN,
      last: T0 + (99 + s.length) * MIN,
    });
  });

  it('upserts idempotently: the same bars twice change nothing', () => {
    store.upsertCandles(CANDLES, bars(0, 2000));
    expect(store.upsertCandles(CANDLES, bars(0, 2000))).toEqual({ inserted: 0, updated: 0, unchanged: 2000 });
  });

  it('counts overlapping bars with new values as updates and merges in order', () => {
    store.upsertCandles(CANDLES, bars(0, 10));
    const counts = store.upsertCandles(CANDLES, bars(5, 10, 20));
    expect(counts).toEqual({ inserted: 5, updated: 5, unchanged: 0 });
    const back = store.loadCandles(CANDLES);
    expect(back.length).toBe(15);
    expect(back.at(5).open).toBeCloseTo(20.005, 12);
    expect(back.at(4).open).toBeCloseTo(10.004, 12);
  });

  it('answers range queries with [from, to) on open time', () => {
    store.upsertCandles(CANDLES, bars(0, 3000));
    const r = store.loadCandles(CANDLES, { from: T0 + 1439 * MIN, to: T0 + 1442 * MIN });
    expect(Array.from(r.openTime)).toEqual([T0 + 1439 * MIN, T0 + 1440 * MIN, T0 + 1441 * MIN]);
  });

  it('matches an in-memory model for random upsert sequences (property)', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ from: fc.integer({ min: 0, max: 4000 }), n: fc.integer({ min: 1, max: 900 }) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (writes) => {
          const key = { ...CANDLES, symbol: `P${++run}` };
          const model = new Map<number, number>();
          writes.forEach((w, k) => {
            const s = bars(w.from, w.n, 10 + k);
            store.upsertCandles(key, s);
            for (let i = 0; i < s.length; i++) model.set(s.openTime[i] as number, s.open[i] as number);
          });
          const back = store.loadCandles(key);
          const expected = [...model.entries()].sort((a, b) => a[0] - b[0]);
          expect(Array.from(back.openTime)).toEqual(expected.map((e) => e[0]));
          expect(Array.from(back.open)).toEqual(expected.map((e) => e[1]));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('stores funding events with mark price and keeps odd-millisecond settlement times', () => {
    const events = [
      { time: (T0 + 1) as EpochMs, rate: -0.00345342, markPrice: 13.1 },
      { time: (T0 + 8 * 3_600_000) as EpochMs, rate: 0.0001 },
    ];
    expect(store.upsertFunding(FUNDING, events)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(store.upsertFunding(FUNDING, events)).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    const back = store.loadFunding(FUNDING);
    expect(back.events[0]).toEqual({
      time: T0 + 1,
      rate: -0.00345342,
      markPrice: 13.1,
      intervalHours: undefined,
    });
    expect(back.intervalHours).toEqual([8, 8]);
  });

  it('stores open interest points', () => {
    const key: SeriesKey = { ...FUNDING, kind: 'oi', timeframe: '5m' };
    store.upsertOpenInterest(key, [{ time: T0 as EpochMs, amount: 1_234_567.8, value: 9_876_543.2 }]);
    expect(store.loadOpenInterest(key)).toEqual([{ time: T0, amount: 1_234_567.8, value: 9_876_543.2 }]);
  });

  it('refuses to mix synthetic rows into a real series', () => {
    store.upsertCandles(CANDLES, bars(0, 5));
    expect(() => store.upsertCandles(CANDLES, bars(5, 5), { synthetic: true })).toThrow(
      /stored as real data/,
    );
  });

  it('rolls back every write of a failed transaction', () => {
    store.upsertCandles(CANDLES, bars(0, 5));
    expect(() =>
      store.transaction(() => {
        store.upsertCandles(CANDLES, bars(5, 5));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.span(CANDLES).rows).toBe(5);
  });

  it('keeps data across close and reopen', () => {
    store.upsertCandles(CANDLES, bars(0, 42));
    store.close();
    store = MarketStore.open(path.join(dir, 'test.db'));
    expect(store.loadCandles(CANDLES).length).toBe(42);
    expect(store.listSeries().map((s) => s.kind)).toEqual(['candles']);
  });

  it('names the folder when the store path cannot exist', () => {
    expect(() => MarketStore.open(path.join(dir, 'missing', 'x.db'))).toThrow(
      /store folder .*missing does not exist/,
    );
  });
});
