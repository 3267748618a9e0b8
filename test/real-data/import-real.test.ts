import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FileReport,
  type ImportOptions,
  type ImportReport,
  MarketStore,
  type SeriesKey,
  importFiles,
} from '../../src/data/index.js';
import { collectSeriesStatus } from '../../src/data/status/index.js';
import { PERP, filesUnder } from './shared-data.js';

/**
 * Imports every NMR perpetual CSV/JSON file of ../shared/data/nmr/perp into a temporary store and
 * checks row counts and spans against SOURCES.md, plus exact bars copied from the files (line cited).
 * The `.feather` originals are skipped: each has a lossless `.csv` twin (SOURCES.md, "CSV conversions").
 */

interface Expected {
  readonly format: string;
  readonly series: string;
  readonly rows: number;
  readonly first: string;
  readonly last: string;
}

const BN = 'binanceusdm NMR/USDT:USDT';
const GATE = 'gate NMR/USDT:USDT';
const AL = 'binance-usdm/alpergulsen-freqtrade_2023-07';
const NM = 'binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10';
const FA = 'binance-usdm/faruk-crypto_trend_breakout_2025-06_1m';
const GU = 'binance-usdm/guofeng201507-crypto_ai_trader_snapshot_2026-01-17';
const GT = 'gateio/cahangeorge-freq_coolab_2024-08';
const BY = 'bybit-linear/jumpotsa-Bybit_Cross_Momentum_2023-09_2025-11';

/** What SOURCES.md states for each file (spans are first and last row times, UTC). */
const EXPECTED: Readonly<Record<string, Expected>> = {
  [`${AL}/NMR_USDT_USDT-1h-futures.csv`]: {
    format: 'freqtrade-csv',
    series: `${BN} candles 1h`,
    rows: 719,
    first: '2023-07-04T13:00',
    last: '2023-08-03T11:00',
  },
  [`${AL}/NMR_USDT_USDT-5m-futures.csv`]: {
    format: 'freqtrade-csv',
    series: `${BN} candles 5m`,
    rows: 8639,
    first: '2023-07-04T12:35',
    last: '2023-08-03T12:25',
  },
  [`${AL}/NMR_USDT_USDT-8h-funding_rate.csv`]: {
    format: 'freqtrade-csv',
    series: `${BN} funding`,
    rows: 89,
    first: '2023-07-04T16:00',
    last: '2023-08-03T00:00',
  },
  [`${AL}/NMR_USDT_USDT-8h-mark.csv`]: {
    format: 'freqtrade-csv',
    series: `${BN} mark 8h`,
    rows: 89,
    first: '2023-07-04T16:00',
    last: '2023-08-03T00:00',
  },
  [`${NM}/NMRUSDT_1h_365.csv`]: {
    format: 'generic-csv',
    series: `${BN} candles 1h`,
    rows: 8760,
    first: '2024-10-23T07:00',
    last: '2025-10-23T06:00',
  },
  [`${NM}/NMRUSDT_30m_365.csv`]: {
    format: 'generic-csv',
    series: `${BN} candles 30m`,
    rows: 17520,
    first: '2024-10-23T07:00',
    last: '2025-10-23T06:30',
  },
  [`${NM}/NMRUSDT_15m_365.csv`]: {
    format: 'generic-csv',
    series: `${BN} candles 15m`,
    rows: 35040,
    first: '2024-10-23T07:00',
    last: '2025-10-23T06:45',
  },
  [`${FA}/NMRUSDT_1m_UTC+3_original.csv`]: {
    format: 'generic-csv',
    series: `${BN} candles 1m`,
    rows: 8641,
    first: '2025-06-16T21:00',
    last: '2025-06-22T21:00',
  },
  [`${FA}/NMRUSDT_1m_UTC_derived.csv`]: {
    format: 'generic-csv',
    series: `${BN} candles 1m`,
    rows: 8641,
    first: '2025-06-16T21:00',
    last: '2025-06-22T21:00',
  },
  [`${GU}/NMRUSDT_derivatives_snapshot.csv`]: {
    format: 'generic-csv',
    series: `${BN} oi`,
    rows: 4,
    first: '2026-01-17T06:59',
    last: '2026-01-17T07:21',
  },
  [`${GT}/NMR_USDT_USDT-5m-futures.csv`]: {
    format: 'freqtrade-csv',
    series: `${GATE} candles 5m`,
    rows: 2999,
    first: '2024-08-01T00:00',
    last: '2024-08-11T09:50',
  },
  [`${GT}/NMR_USDT_USDT-4h-futures.csv`]: {
    format: 'freqtrade-csv',
    series: `${GATE} candles 4h`,
    rows: 62,
    first: '2024-08-01T00:00',
    last: '2024-08-11T04:00',
  },
  [`${GT}/NMR_USDT_USDT-8h-futures.csv`]: {
    format: 'freqtrade-csv',
    series: `${GATE} candles 8h`,
    rows: 31,
    first: '2024-08-01T00:00',
    last: '2024-08-11T00:00',
  },
  [`${GT}/NMR_USDT_USDT-8h-funding_rate.csv`]: {
    format: 'freqtrade-csv',
    series: `${GATE} funding`,
    rows: 62,
    first: '2024-08-01T00:00',
    last: '2024-08-11T04:00',
  },
  [`${GT}/NMR_USDT_USDT-8h-mark.csv`]: {
    format: 'freqtrade-csv',
    series: `${GATE} mark 8h`,
    rows: 31,
    first: '2024-08-01T00:00',
    last: '2024-08-11T00:00',
  },
  [`${BY}/NMRUSDT_1d.csv`]: {
    format: 'bybit-csv',
    series: 'bybit NMR/USDT:USDT candles 1d',
    rows: 802,
    first: '2023-09-04T00:00',
    last: '2025-11-13T00:00',
  },
};

/**
 * Files that need options, one import command each (options apply to every file of a command):
 * the faruk original is in UTC+3; its DERIVED twin holds the same bars with epoch-ms times and names
 * its volume column `quote_volume_usdt`; the guofeng snapshot has both a funding-rate and an OI
 * column, and only the OI is a time series (its `last_funding_rate` is not a settlement, and its
 * mark price is an instant, not OHLC), so it is imported as open interest.
 */
const WITH_OPTIONS: readonly [string, ImportOptions][] = [
  [`${FA}/NMRUSDT_1m_UTC+3_original.csv`, { tzOffset: '+03:00' }],
  [`${FA}/NMRUSDT_1m_UTC_derived.csv`, { map: 'volume=quote_volume_usdt' }],
  [`${GU}/NMRUSDT_derivatives_snapshot.csv`, { kind: 'oi' }],
];

const CANDLES_1H: SeriesKey = {
  exchange: 'binanceusdm',
  symbol: 'NMR/USDT:USDT',
  kind: 'candles',
  timeframe: '1h',
};
const key = (exchange: string, kind: SeriesKey['kind'], timeframe?: SeriesKey['timeframe']): SeriesKey => ({
  exchange,
  symbol: 'NMR/USDT:USDT',
  kind,
  timeframe,
});

let dir: string;
let store: MarketStore;
const reports = new Map<string, FileReport>();
const runs: ImportReport[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-real-import-'));
  store = MarketStore.open(path.join(dir, 'real.db'));
  const special = new Set(WITH_OPTIONS.map(([f]) => f));
  const plain = filesUnder(PERP).filter((f) => /\.(csv|json)$/.test(f) && !special.has(f));
  const commands: [string[], ImportOptions][] = [
    [plain, {}],
    ...WITH_OPTIONS.map(([f, o]): [string[], ImportOptions] => [[f], o]),
  ];
  for (const [files, options] of commands) {
    const report = importFiles(
      store,
      files.map((f) => path.join(PERP, f)),
      options,
    );
    runs.push(report);
    for (const r of report.files) reports.set(path.relative(PERP, r.file), r);
  }
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('importing every real NMR perpetual file', () => {
  it('covers every csv and json file under nmr/perp (feather originals skipped: their csv twins are imported)', () => {
    const all = filesUnder(PERP);
    const feather = all.filter((f) => f.endsWith('.feather'));
    expect(feather.length, 'the 9 freqtrade originals are feather files').toBe(9);
    for (const f of feather) expect(all, `${f} has a csv twin`).toContain(f.replace(/\.feather$/, '.csv'));
    expect(
      all.filter((f) => !f.endsWith('.feather')),
      'every other file has an expectation',
    ).toEqual(Object.keys(EXPECTED).sort());
    expect([...reports.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('imports all of them without an error or a warning', () => {
    for (const run of runs) expect(run.ok, JSON.stringify(run.files.flatMap((f) => f.issues))).toBe(true);
    for (const [file, r] of reports) expect([file, r.errors, r.warnings, r.issues]).toEqual([file, 0, 0, []]);
  });

  for (const [file, e] of Object.entries(EXPECTED)) {
    it(`reads ${path.basename(file)}: ${e.rows} rows ${e.first} .. ${e.last} (SOURCES.md)`, () => {
      const r = reports.get(file);
      expect(r?.format).toBe(e.format);
      expect(r?.seriesLabel).toBe(e.series);
      expect(r?.rows.read, 'rows read').toBe(e.rows);
      expect((r?.rows.inserted ?? 0) + (r?.rows.unchanged ?? 0), 'every row is stored').toBe(e.rows);
      expect(r?.first?.slice(0, 16)).toBe(e.first);
      expect(r?.last?.slice(0, 16)).toBe(e.last);
      expect(r?.gaps, 'SOURCES.md: no gaps').toEqual({ count: 0, missing: 0 });
    });
  }

  it('finds the derived UTC twin identical to the UTC+3 original read with --tz-offset +03:00', () => {
    const twin = reports.get(`${FA}/NMRUSDT_1m_UTC_derived.csv`);
    expect(twin?.rows, 'all 8641 bars already stored with the same values').toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 8641,
    });
  });

  it('infers 8h settlements for Binance (89 events) and 4h for Gate (62 events) despite the -8h- names', () => {
    expect(reports.get(`${AL}/NMR_USDT_USDT-8h-funding_rate.csv`)?.fundingSegments).toEqual([
      { intervalHours: 8, from: '2023-07-04T16:00:00.000Z', to: '2023-08-03T00:00:00.000Z', events: 89 },
    ]);
    expect(reports.get(`${GT}/NMR_USDT_USDT-8h-funding_rate.csv`)?.fundingSegments).toEqual([
      { intervalHours: 4, from: '2024-08-01T00:00:00.000Z', to: '2024-08-11T04:00:00.000Z', events: 62 },
    ]);
  });

  it('stores exact funding values, including the +1 ms settlement times and the −0.345% squeeze', () => {
    const events = store.loadFundingEvents(key('binanceusdm', 'funding'));
    expect(events).toHaveLength(89);
    // alpergulsen NMR_USDT_USDT-8h-funding_rate.csv line 61: 2023-07-24T08:00:00.000Z,1690185600000,-0.00345342
    expect(events.find((e) => e.time === 1690185600000)?.rate).toBe(-0.00345342);
    // line 36: 2023-07-16T00:00:00.001Z,1689465600001,-0.00043086 (Binance's fundingTime + 1 ms, kept as is)
    expect(events.find((e) => e.time === 1689465600001)?.rate).toBe(-0.00043086);
    expect(events.filter((e) => e.time % 1000 === 1).length, 'SOURCES.md: 7 settlements at …:00.001').toBe(7);
    expect(events.filter((e) => e.rate < -0.0005).length, 'SOURCES.md: 12 settlements below −0.0005').toBe(
      12,
    );
    const gate = store.loadFundingEvents(key('gate', 'funding'));
    // gate NMR_USDT_USDT-8h-funding_rate.csv line 53: 2024-08-09T12:00:00.000Z,1723204800000,-0.000164
    expect(gate.find((e) => e.time === 1723204800000)?.rate).toBe(-0.000164);
  });

  it('stores exact bars copied from the files', () => {
    const bar = (k: SeriesKey, iso: string): number[] => {
      const c = store.loadCandles(k).at(store.loadCandles(k).indexOf(Date.parse(iso)));
      return [c.open, c.high, c.low, c.close, c.volume];
    };
    // nmtrong NMRUSDT_1h_365.csv line 8464: 2025-10-10 21:00:00,13.675,14.063,4.231,11.375,2023479.6 (the cascade wick)
    expect(bar(CANDLES_1H, '2025-10-10T21:00Z')).toEqual([13.675, 14.063, 4.231, 11.375, 2023479.6]);
    // nmtrong NMRUSDT_15m_365.csv line 33851: 2025-10-10 21:15:00,12.469,12.601,4.231,7.665,1043472.8
    expect(bar(key('binanceusdm', 'candles', '15m'), '2025-10-10T21:15Z')).toEqual([
      12.469, 12.601, 4.231, 7.665, 1043472.8,
    ]);
    // alpergulsen NMR_USDT_USDT-1h-futures.csv line 2: 2023-07-04T13:00:00.000Z,1688475600000,13.97,13.97,13.83,13.89,13105.5
    expect(bar(CANDLES_1H, '2023-07-04T13:00Z')).toEqual([13.97, 13.97, 13.83, 13.89, 13105.5]);
    // alpergulsen NMR_USDT_USDT-8h-mark.csv line 61: 2023-07-24T08:00:00.000Z,1690185600000,13.6,14.03652335,12.46219721,12.56,0
    expect(bar(key('binanceusdm', 'mark', '8h'), '2023-07-24T08:00Z')).toEqual([
      13.6, 14.03652335, 12.46219721, 12.56, 0,
    ]);
    // faruk NMRUSDT_1m_UTC+3_original.csv line 5042: 2025-06-20 12:00:00 (UTC+3),7.606000,7.613000,7.605000,7.613000,1027.1208000
    expect(bar(key('binanceusdm', 'candles', '1m'), '2025-06-20T09:00Z')).toEqual([
      7.606, 7.613, 7.605, 7.613, 1027.1208,
    ]);
    // gate NMR_USDT_USDT-5m-futures.csv line 3: 2024-08-01T00:05:00.000Z,1722470700000,13.767,13.767,13.767,13.767,0 (flat, no trade)
    expect(bar(key('gate', 'candles', '5m'), '2024-08-01T00:05Z')).toEqual([
      13.767, 13.767, 13.767, 13.767, 0,
    ]);
    // gate NMR_USDT_USDT-4h-futures.csv line 27: 2024-08-05T04:00:00.000Z,1722830400000,10.392,10.616,9.343,10.417,31550
    expect(bar(key('gate', 'candles', '4h'), '2024-08-05T04:00Z')).toEqual([
      10.392, 10.616, 9.343, 10.417, 31550,
    ]);
    // bybit NMRUSDT_1d.csv line 190: 1710028800000,52.422,54.508,45.843,47.721,370311.5,... (the 2024-03-10 spike)
    expect(bar(key('bybit', 'candles', '1d'), '2024-03-10T00:00Z')).toEqual([
      52.422, 54.508, 45.843, 47.721, 370311.5,
    ]);
    // bybit line 769: 1760054400000,15.86,16.235,4.224,11.372,2416327.0,... (the 2025-10-10 low)
    expect(bar(key('bybit', 'candles', '1d'), '2025-10-10T00:00Z')).toEqual([
      15.86, 16.235, 4.224, 11.372, 2416327,
    ]);
  });

  it('stores the guofeng snapshot as four open-interest points without a timeframe', () => {
    const points = store.loadOpenInterest(key('binanceusdm', 'oi'));
    // guofeng NMRUSDT_derivatives_snapshot.csv line 2: 2026-01-17T06:59:27.304719+00:00,...,533683.4,...
    expect(points[0]).toEqual({
      time: Date.parse('2026-01-17T06:59:27.304Z'),
      amount: 533683.4,
      value: undefined,
    });
    expect(points.map((p) => p.amount)).toEqual([533683.4, 533866.2, 533893.0, 533807.1]);
  });

  it('re-importing everything changes nothing', () => {
    const plain = Object.keys(EXPECTED).filter((f) => !WITH_OPTIONS.some(([w]) => w === f));
    const again = importFiles(
      store,
      plain.map((f) => path.join(PERP, f)),
    );
    expect(again.totals).toMatchObject({ inserted: 0, updated: 0 });
    expect(again.totals.unchanged).toBe(again.totals.read);
  });

  it('reports status: the 1h series holds both years with one gap between them, and funding coverage', () => {
    const status = collectSeriesStatus(store);
    const find = (label: string): (typeof status)[number] | undefined =>
      status.find(
        (s) => `${s.exchange} ${s.symbol} ${s.kind}${s.timeframe ? ` ${s.timeframe}` : ''}` === label,
      );
    const h1 = find(`${BN} candles 1h`);
    expect(h1?.rows).toBe(719 + 8760);
    expect(h1?.gaps.list, 'missing hours between the 2023 month and the 2024-25 year').toEqual([
      { from: '2023-08-03T12:00:00.000Z', to: '2024-10-23T06:00:00.000Z', missing: 10723 },
    ]);
    expect(find(`${GATE} funding`)?.fundingIntervals?.map((f) => f.intervalHours)).toEqual([4]);
    // Gate 4h candles span [2024-08-01 00:00, 2024-08-11 08:00) = 248 h; settlements cover [07-31 20:00, 08-11 04:00) → 244 h.
    expect(find(`${GATE} candles 4h`)?.fundingCoverage).toBeCloseTo(244 / 248, 12);
    expect(find('bybit NMR/USDT:USDT candles 1d')?.fundingCoverage, 'no Bybit funding stored').toBe(0);
  });
});
