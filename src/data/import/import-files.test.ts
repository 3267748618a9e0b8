import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CandleSeriesBuilder } from '../series/index.js';
import { MarketStore, type SeriesKey } from '../store/index.js';
import { importFiles } from './import-files.js';

// HAND-MADE fixtures written to a temporary folder for each test.
const T = Date.UTC(2024, 0, 1);
const H = 3_600_000;
const KEY: SeriesKey = { exchange: 'binanceusdm', symbol: 'NMR/USDT:USDT', kind: 'candles', timeframe: '1h' };
const FUNDING: SeriesKey = { exchange: 'binanceusdm', symbol: 'NMR/USDT:USDT', kind: 'funding' };
let dir: string;
let store: MarketStore;

function handMade(rel: string, lines: readonly string[]): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function hourRows(from: number, count: number, price = 10): string[] {
  return Array.from({ length: count }, (_, i) => {
    const p = price + (from + i) / 100;
    return `${T + (from + i) * H},${p},${p + 0.5},${p - 0.5},${p + 0.1},${100 + i}`;
  });
}

const CANDLE_HEADER = 'time,open,high,low,close,volume';

/** Everything a store holds that an import can change. */
function snapshot(s: MarketStore): unknown {
  return {
    series: s.listSeries(),
    candles: s
      .listSeries()
      .filter((i) => i.kind === 'candles')
      .map((i) => s.loadCandles(i).toCandles()),
    funding: s.loadFundingEvents(FUNDING),
    runs: s.db
      .prepare('SELECT origin, series_id, rows_inserted, rows_updated, warnings FROM import_runs ORDER BY id')
      .all(),
  };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-import-'));
  store = MarketStore.open(path.join(dir, 'store.db'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('importFiles', () => {
  it('imports candles and funding and reports what each file did', () => {
    const candles = handMade('binance-usdm/NMRUSDT_1h_a.csv', [CANDLE_HEADER, ...hourRows(0, 48)]);
    const funding = handMade('binance-usdm/NMRUSDT_funding.csv', [
      'time,rate',
      `${T + 8 * H},0.0001`,
      `${T + 16 * H},-0.0002`,
    ]);
    const report = importFiles(store, [candles, funding]);
    expect(report.ok && report.written).toBe(true);
    expect(report.files.map((f) => [f.seriesLabel, f.rows.read, f.rows.inserted, f.first, f.last])).toEqual([
      [
        'binanceusdm NMR/USDT:USDT candles 1h',
        48,
        48,
        '2024-01-01T00:00:00.000Z',
        '2024-01-02T23:00:00.000Z',
      ],
      ['binanceusdm NMR/USDT:USDT funding', 2, 2, '2024-01-01T08:00:00.000Z', '2024-01-01T16:00:00.000Z'],
    ]);
    expect(store.span(KEY)).toEqual({ rows: 48, first: T, last: T + 47 * H });
    expect(store.loadCandles(KEY).at(1)).toEqual({
      openTime: T + H,
      open: 10.01,
      high: 10.51,
      low: 9.51,
      close: 10.11,
      volume: 101,
    });
    expect(store.loadFundingEvents(FUNDING).map((e) => e.rate)).toEqual([0.0001, -0.0002]);
  });

  it('is idempotent: a second import of the same file inserts nothing and finds every row unchanged', () => {
    const file = handMade('binance-usdm/NMRUSDT_1h_a.csv', [CANDLE_HEADER, ...hourRows(0, 3000)]);
    expect(importFiles(store, [file]).totals).toMatchObject({ inserted: 3000, updated: 0, unchanged: 0 });
    const again = importFiles(store, [file]);
    expect(again.totals, 'second run').toMatchObject({
      read: 3000,
      inserted: 0,
      updated: 0,
      unchanged: 3000,
    });
  });

  it('counts overlapping rows with new values as updated', () => {
    importFiles(store, [handMade('binance-usdm/NMRUSDT_1h_a.csv', [CANDLE_HEADER, ...hourRows(0, 10)])]);
    const report = importFiles(store, [
      handMade('binance-usdm/NMRUSDT_1h_b.csv', [CANDLE_HEADER, ...hourRows(5, 10, 20)]),
    ]);
    expect(report.totals).toMatchObject({ inserted: 5, updated: 5, unchanged: 0 });
    expect(store.loadCandles(KEY).at(5).open).toBe(20.05);
  });

  it('writes nothing when any file of the command has an error: the store equals its state before', () => {
    importFiles(store, [handMade('binance-usdm/NMRUSDT_1h_a.csv', [CANDLE_HEADER, ...hourRows(0, 24)])]);
    const before = snapshot(store);
    const good = handMade('binance-usdm/NMRUSDT_1h_b.csv', [CANDLE_HEADER, ...hourRows(24, 24)]);
    const goodFunding = handMade('binance-usdm/NMRUSDT_funding.csv', ['time,rate', `${T + 8 * H},0.0001`]);
    const bad = handMade('binance-usdm/NMRUSDT_1h_c.csv', [
      CANDLE_HEADER,
      ...hourRows(48, 2),
      `${T + 50 * H},10,9,11,10,1`,
    ]);
    const report = importFiles(store, [good, goodFunding, bad]);
    expect(report.ok).toBe(false);
    expect(report.written).toBe(false);
    expect(report.files.map((f) => f.ok)).toEqual([true, true, false]);
    expect(report.files[2]?.issues.map((i) => i.message)).toEqual([`${bad}:4: high 9 is below low 11`]);
    expect(report.totals.inserted, 'nothing counts as inserted').toBe(0);
    expect(snapshot(store), 'the good files of the failed command were not written either').toEqual(before);
  });

  it('fails on a missing file, naming it, and leaves the store unchanged', () => {
    const good = handMade('binance-usdm/NMRUSDT_1h_a.csv', [CANDLE_HEADER, ...hourRows(0, 3)]);
    const missing = path.join(dir, 'binance-usdm', 'nope.csv');
    const report = importFiles(store, [good, missing]);
    expect(report.ok).toBe(false);
    expect(report.files[1]?.issues[0]?.message).toBe(`${missing}: cannot read: no such file`);
    expect(store.listSeries()).toEqual([]);
  });

  it('refuses Arrow/Parquet binaries with a pointer to a text export', () => {
    const report = importFiles(store, [path.join(dir, 'NMR_USDT_USDT-1h-futures.feather')]);
    expect(report.files[0]?.issues[0]?.message).toContain('Arrow/Parquet binary files are not imported');
  });

  it('rolls back files already written when the store refuses a later one', () => {
    // A synthetic series under the same key: real rows must not be mixed into it.
    const b = new CandleSeriesBuilder('1h');
    b.push(T - H, 1, 1, 1, 1, 1);
    store.upsertCandles({ ...KEY, symbol: 'XYZ/USDT:USDT' }, b.build(), { synthetic: true });
    const before = snapshot(store);
    const good = handMade('binance-usdm/NMRUSDT_1h_a.csv', [CANDLE_HEADER, ...hourRows(0, 3)]);
    const clash = handMade('binance-usdm/XYZUSDT_1h.csv', [CANDLE_HEADER, ...hourRows(0, 3)]);
    const report = importFiles(store, [good, clash]);
    expect(report.ok).toBe(false);
    expect(report.files[1]?.issues[0]).toMatchObject({ code: 'STORE_REFUSED' });
    expect(report.files[1]?.issues[0]?.message).toContain(
      'is stored as synthetic data; refusing to add real rows',
    );
    expect(snapshot(store), 'the first file was rolled back with the transaction').toEqual(before);
  });

  it('records every file in import_runs, including the lines dropped by --skip-bad-rows', () => {
    const file = handMade('binance-usdm/NMRUSDT_1h_a.csv', [
      CANDLE_HEADER,
      ...hourRows(0, 3),
      `${T + 3 * H},1,1,1`,
      ...hourRows(4, 2),
    ]);
    const report = importFiles(store, [file], { skipBadRows: true });
    expect(report.ok).toBe(true);
    expect(report.files[0]?.rows).toEqual({
      read: 6,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      duplicates: 0,
      skipped: 1,
    });
    expect(report.files[0]?.skippedLines).toEqual([5]);
    const run = store.db.prepare('SELECT origin, rows_inserted, warnings, report FROM import_runs').get() as {
      origin: string;
      rows_inserted: number;
      warnings: number;
      report: string;
    };
    expect(run.origin).toBe(path.resolve(file));
    expect(run.rows_inserted).toBe(5);
    const recorded = JSON.parse(run.report) as { skippedLines: number[]; rows: { skipped: number } };
    expect(recorded.skippedLines, 'the dropped line is in the record').toEqual([5]);
    expect(recorded.rows.skipped).toBe(1);
  });
});
