import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EpochMs } from '../../core/index.js';
import { CandleSeriesBuilder } from '../series/index.js';
import { MarketStore, type SeriesKey } from '../store/index.js';
import { gridGaps } from './grid-gaps.js';
import { collectSeriesStatus } from './series-status.js';
import { formatStatusTable } from './status-format.js';

// HAND-MADE series written straight into a temporary store.
const T = Date.UTC(2024, 0, 1);
const H = 3_600_000;
const CANDLES: SeriesKey = {
  exchange: 'binanceusdm',
  symbol: 'NMR/USDT:USDT',
  kind: 'candles',
  timeframe: '1h',
};
const FUNDING: SeriesKey = { exchange: 'binanceusdm', symbol: 'NMR/USDT:USDT', kind: 'funding' };
let dir: string;
let store: MarketStore;

function hours(list: readonly number[]): CandleSeriesBuilder {
  const b = new CandleSeriesBuilder('1h');
  for (const h of list) b.push(T + h * H, 10, 11, 9, 10, 1);
  return b;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-status-'));
  store = MarketStore.open(path.join(dir, 'store.db'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('gridGaps', () => {
  it('lists each run of missing grid times with its first and last missing time', () => {
    expect(gridGaps([0, 1, 4, 5, 7], 1)).toEqual([
      { from: 2, to: 3, missing: 2 },
      { from: 6, to: 6, missing: 1 },
    ]);
    expect(gridGaps([], 1)).toEqual([]);
  });
});

describe('collectSeriesStatus', () => {
  it('returns an empty list for an empty store', () => {
    expect(collectSeriesStatus(store)).toEqual([]);
  });

  it('reports rows, span and missing open times of a candle series', () => {
    store.upsertCandles(CANDLES, hours([0, 1, 2, 5, 6, 9]).build(), { source: 'hand-made' });
    const [s] = collectSeriesStatus(store);
    expect(s).toMatchObject({
      exchange: 'binanceusdm',
      symbol: 'NMR/USDT:USDT',
      kind: 'candles',
      timeframe: '1h',
      synthetic: false,
      source: 'hand-made',
      rows: 6,
      first: '2024-01-01T00:00:00.000Z',
      last: '2024-01-01T09:00:00.000Z',
      fundingCoverage: 0,
    });
    expect(s?.gaps).toEqual({
      count: 2,
      missing: 4,
      list: [
        { from: '2024-01-01T03:00:00.000Z', to: '2024-01-01T04:00:00.000Z', missing: 2 },
        { from: '2024-01-01T07:00:00.000Z', to: '2024-01-01T08:00:00.000Z', missing: 2 },
      ],
    });
  });

  it('shows funding interval segments and gaps, and the coverage of candles by real funding', () => {
    // 8h settlements at 08:00 and 16:00, then 4h from 16:00 on: 20:00, 24:00, (28:00 missing), 32:00.
    const times = [8, 16, 20, 24, 32];
    store.upsertFunding(
      FUNDING,
      times.map((h) => ({ time: (T + h * H) as EpochMs, rate: 0.0001 })),
    );
    store.upsertCandles(CANDLES, hours(Array.from({ length: 32 }, (_, i) => i)).build());
    const [candles, funding] = collectSeriesStatus(store);
    expect(funding?.fundingIntervals).toEqual([
      { intervalHours: 8, from: '2024-01-01T08:00:00.000Z', to: '2024-01-01T16:00:00.000Z', events: 2 },
      { intervalHours: 4, from: '2024-01-01T20:00:00.000Z', to: '2024-01-02T08:00:00.000Z', events: 3 },
    ]);
    expect(funding?.gaps).toEqual({
      count: 1,
      missing: 1,
      list: [{ from: '2024-01-02T04:00:00.000Z', to: '2024-01-02T04:00:00.000Z', missing: 1 }],
    });
    // Candles span [00:00, 32:00); settlements cover [00:00,16:00) + [16:00,24:00) + [28:00,32:00) = 28 h.
    expect(candles?.fundingCoverage).toBeCloseTo(28 / 32, 12);
  });

  it('flags synthetic series and ignores synthetic funding for coverage', () => {
    store.upsertCandles(CANDLES, hours([0, 1]).build());
    store.upsertFunding(FUNDING, [{ time: (T + 2 * H) as EpochMs, rate: 0.0001 }], { synthetic: true });
    const [candles, funding] = collectSeriesStatus(store);
    expect(funding?.synthetic).toBe(true);
    expect(candles?.fundingCoverage, 'synthetic settlements are not real funding history').toBe(0);
  });
});

describe('formatStatusTable', () => {
  it('prints one row per series and lists the gaps under the table', () => {
    store.upsertCandles(CANDLES, hours([0, 1, 4]).build(), { source: 'hand-made' });
    store.upsertFunding(
      FUNDING,
      [8, 16].map((h) => ({ time: (T + h * H) as EpochMs, rate: 0 })),
    );
    const text = formatStatusTable(collectSeriesStatus(store));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^exchange\s+symbol\s+kind\s+tf\s+data\s+rows\s+first \(UTC\)\s+last \(UTC\)\s+gaps\s+funding\s+source$/,
    );
    expect(lines[2]).toMatch(
      /^binanceusdm\s+NMR\/USDT:USDT\s+candles\s+1h\s+real\s+3\s+2024-01-01 00:00\s+2024-01-01 04:00\s+1 \(2 missing\)\s+coverage 100\.0%\s+hand-made$/,
    );
    expect(lines[3]).toMatch(/funding\s+-\s+real\s+2\s+.*8h 2024-01-01\.\.2024-01-01/);
    expect(text).toContain(
      'binanceusdm NMR/USDT:USDT candles 1h: 1 gaps\n  2024-01-01T02:00:00.000Z .. 2024-01-01T03:00:00.000Z  (2 missing)',
    );
  });
});
