import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../core/index.js';
import { CandleSeries, type FundingEvent, parseMarketFile } from '../data/index.js';
import type { DataEvent } from '../strategy/index.js';
import { marketFromBytes, marketFromShared, marketHash, marketToBytes, shareMarket } from './market-codec.js';
import type { MarketData } from './market-data.js';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data/nmr');
const GATE = path.join(DATA, 'perp/gateio/cahangeorge-freq_coolab_2024-08');

function parse(file: string): ReturnType<typeof parseMarketFile>['data'] {
  return parseMarketFile(fs.readFileSync(file, 'utf8'), file, { exchange: 'gateio' }).data;
}

function candles(file: string): CandleSeries {
  const d = parse(file);
  if (d.kind !== 'candles') throw new Error(`${file} holds no candles`);
  return d.series;
}

/**
 * REAL data, put together for the codec only: Gate.io NMR_USDT perp 5m bars and 4-hourly funding
 * (2024-08-01..11), Binance NMR/USDT spot 5m bars (2024-07-22..30, another span: the codec does not
 * care), and three hand-made data events (one with a nested payload, one with no value).
 */
function realMarket(): MarketData {
  const funding = parse(path.join(GATE, 'NMR_USDT_USDT-8h-funding_rate.csv'));
  if (funding.kind !== 'funding') throw new Error('no funding');
  const t = 1722470400000 as EpochMs;
  const data: DataEvent[] = [
    { source: 'numerai', key: 'round', eventTime: t, availableAt: (t + 60_000) as EpochMs, value: 752 },
    {
      source: 'onchain',
      key: 'stake',
      eventTime: t,
      availableAt: t,
      value: -0.25,
      payload: { wallets: ['0xab', '0xcd'], total: 1.5e6, nested: { ok: true } },
    },
    { source: 'sentiment', key: 'reddit', eventTime: t, availableAt: t, payload: 'neutral' },
  ];
  return {
    bars: candles(path.join(GATE, 'NMR_USDT_USDT-5m-futures.csv')),
    synthetic: false,
    funding: funding.events,
    spot: candles(path.join(DATA, 'spot/binance/th2002-freqtrade-bot_2024-07/NMR_USDT-5m.csv')),
    data,
  };
}

const COLUMN_NAMES = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Bit-exact: every float64 of every column (NaN payloads and -0 included), and the rest by value. */
function expectSameMarket(got: MarketData, want: MarketData): void {
  const pairs: [CandleSeries | undefined, CandleSeries | undefined, string][] = [
    [got.bars, want.bars, 'bars'],
    [got.spot, want.spot, 'spot'],
  ];
  for (const [g, w, label] of pairs) {
    expect(g === undefined, `${label} present on one side only`).toBe(w === undefined);
    if (!g || !w) continue;
    expect(g.timeframe, label).toBe(w.timeframe);
    expect(g.length, label).toBe(w.length);
    for (const c of COLUMN_NAMES) {
      const bytes = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      expect(bytes(g[c]).equals(bytes(w[c])), `${label}.${c} differs`).toBe(true);
    }
  }
  expect(got.synthetic).toBe(want.synthetic);
  expect(got.funding).toEqual(want.funding);
  expect(got.data).toEqual(want.data);
}

describe('market codec', () => {
  it('round-trips a real market (perp bars, spot, funding, data) exactly through bytes and shared memory', () => {
    const market = realMarket();
    expect(market.bars.length).toBe(2999);
    expect(market.spot?.length).toBe(2162);
    expect(market.funding).toHaveLength(62);
    const bytes = marketToBytes(market);
    expectSameMarket(marketFromBytes(bytes), market);
    expectSameMarket(marketFromShared(shareMarket(market)), market);
    expect(marketHash(marketFromBytes(bytes))).toBe(marketHash(market));
  });

  it('reads bytes that start at an odd offset of a larger buffer (as from a socket or a file)', () => {
    const market = realMarket();
    const bytes = marketToBytes(market);
    const padded = Buffer.alloc(bytes.length + 3);
    bytes.copy(padded, 3);
    expectSameMarket(marketFromBytes(padded.subarray(3)), market);
  });

  it('marketFromShared gives views on the SharedArrayBuffer, not copies', () => {
    const market = realMarket();
    const shared = shareMarket(market);
    const view = marketFromShared(shared);
    const series = [view.bars, view.spot as CandleSeries];
    for (const s of series) for (const c of COLUMN_NAMES) expect(s[c].buffer).toBe(shared.columns);
    // 6 columns of bars + 6 of spot, 8 bytes each: the block holds them all once.
    expect(shared.columns.byteLength).toBe(6 * 8 * (2999 + 2162));
    new Float64Array(shared.columns)[shared.header.bars] = 99; // the open column follows the n open times
    expect(view.bars.open[0], 'a write to the shared block shows in the rebuilt market').toBe(99);
  });

  it('a SharedMarket sent to a worker thread is the same memory: a write in the thread shows here', async () => {
    const shared = shareMarket(realMarket());
    const view = marketFromShared(shared);
    // Plain JS in the thread (no TypeScript): it writes the first close through its own view.
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const cols = new Float64Array(workerData.columns);
       const closeAt = 4 * workerData.header.bars;
       cols[closeAt] = 12345.5;
       parentPort.postMessage(workerData.columns instanceof SharedArrayBuffer);`,
      { eval: true, workerData: shared },
    );
    const isShared = await new Promise((resolve, reject) =>
      worker.once('message', resolve).once('error', reject),
    );
    await worker.terminate();
    expect(isShared).toBe(true);
    expect(view.bars.close[0]).toBe(12345.5);
  });

  it('round-trips any series, funding and data exactly (property)', () => {
    const double = fc.double(); // includes NaN, -0, +-Infinity
    const series = fc.integer({ min: 0, max: 40 }).chain((n) =>
      fc.tuple(...COLUMN_NAMES.map(() => fc.array(double, { minLength: n, maxLength: n }))).map((cols) =>
        CandleSeries.fromColumns(
          '1h',
          cols.map((c) => Float64Array.from(c)),
        ),
      ),
    );
    const funding = fc.array(
      fc.record(
        {
          time: fc.integer({ min: 0, max: 2 ** 45 }).map((t) => t as EpochMs),
          rate: fc.double({ noNaN: true, noDefaultInfinity: true }).map((r) => (Object.is(r, -0) ? 0 : r)),
          markPrice: fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        },
        { requiredKeys: ['time', 'rate'] },
      ),
      { maxLength: 5 },
    ) as fc.Arbitrary<FundingEvent[]>;
    const data = fc.array(
      fc.record(
        {
          source: fc.string(),
          key: fc.string(),
          eventTime: fc.integer({ min: 0, max: 2 ** 45 }).map((t) => t as EpochMs),
          availableAt: fc.integer({ min: 0, max: 2 ** 45 }).map((t) => t as EpochMs),
          value: fc.integer({ min: -1e9, max: 1e9 }),
          payload: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
        },
        { requiredKeys: ['source', 'key', 'eventTime', 'availableAt'] },
      ),
      { maxLength: 4 },
    ) as fc.Arbitrary<DataEvent[]>;
    fc.assert(
      fc.property(
        series,
        fc.option(series, { nil: undefined }),
        funding,
        data,
        fc.boolean(),
        (bars, spot, f, d, synthetic) => {
          const market: MarketData = { bars, spot, funding: f, data: d, synthetic };
          expectSameMarket(marketFromBytes(marketToBytes(market)), market);
          expectSameMarket(marketFromShared(shareMarket(market)), market);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives different hashes for markets that differ in one bit of one value', () => {
    const market = realMarket();
    const other = {
      ...market,
      bars: CandleSeries.fromColumns(
        '5m',
        COLUMN_NAMES.map((c) => market.bars[c].slice()),
      ),
    };
    expect(marketHash(other)).toBe(marketHash(market));
    // Flip the lowest mantissa bit of one close: the value moves by one unit in the last place.
    const bits = new DataView(other.bars.close.buffer, 100 * 8, 8);
    bits.setUint8(0, bits.getUint8(0) ^ 1);
    expect(other.bars.close[100]).not.toBe(market.bars.close[100]);
    expect(Math.abs((other.bars.close[100] as number) - (market.bars.close[100] as number))).toBeLessThan(
      1e-12,
    );
    expect(marketHash(other)).not.toBe(marketHash(market));
  });
});
