import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions, ParsedFile } from './import.types.js';
import { parseCandleFile, parseMarketFile } from './parse-file.js';

// Every fixture in this file is HAND-MADE: a few invented rows written to a temporary folder.
const T = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const H = 60 * MIN;
let dir: string;

function handMade(rel: string, lines: readonly string[]): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function parse(file: string, options: ImportOptions = {}): ParsedFile {
  return parseMarketFile(fs.readFileSync(file, 'utf8'), file, options);
}

function candles(p: ParsedFile): number[][] {
  if (p.data.kind !== 'candles' && p.data.kind !== 'mark') throw new Error(`not bars: ${p.data.kind}`);
  return p.data.series.toCandles().map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume]);
}

const KLINES_MS = [
  '1704067200000,10.0,10.5,9.9,10.2,100,1704067259999,1020,5,50,510,0',
  '1704067260000,10.2,10.3,10.1,10.25,80.5,1704067319999,820,4,40,410,0',
  '1704067320000,10.25,10.4,10.2,10.3,0,1704067379999,0,0,0,0,0',
];
const EXPECTED_KLINES = [
  [T, 10, 10.5, 9.9, 10.2, 100],
  [T + MIN, 10.2, 10.3, 10.1, 10.25, 80.5],
  [T + 2 * MIN, 10.25, 10.4, 10.2, 10.3, 0],
];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-parse-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('parseMarketFile: Binance kline CSV', () => {
  it('reads a headerless data-dump file and takes symbol and timeframe from its name', () => {
    const p = parse(handMade('binance-usdm/NMRUSDT-1m-2024-01.csv', KLINES_MS));
    expect(p.format).toBe('binance-kline-csv');
    expect(p.key).toEqual({
      exchange: 'binanceusdm',
      symbol: 'NMR/USDT:USDT',
      kind: 'candles',
      timeframe: '1m',
    });
    expect(candles(p), 'exact values of the three hand-made rows').toEqual(EXPECTED_KLINES);
    expect(p.rowsRead).toBe(3);
    expect(p.errors + p.warnings).toBe(0);
  });

  it('reads microsecond open times (Binance dumps since 2025) as the same ms times', () => {
    const us = KLINES_MS.map((l) => l.replace(/^(\d{13})/, '$1000'));
    const p = parse(handMade('binance-usdm/NMRUSDT-1m-2025-01.csv', us));
    expect(candles(p)).toEqual(EXPECTED_KLINES);
  });

  it('accepts the header row of newer dumps and counts it in line numbers', () => {
    const header =
      'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
    const file = handMade('binance-usdm/NMRUSDT-1m-2024-02.csv', [
      header,
      ...KLINES_MS.slice(0, 2),
      '1704067320000,1,2',
    ]);
    const p = parse(file);
    expect(p.format).toBe('binance-kline-csv');
    expect(candles(p)).toEqual(EXPECTED_KLINES.slice(0, 2));
    expect(p.issues.map((i) => i.message)).toEqual([`${file}:4: expected 12 columns, found 3`]);
  });

  it('reads a binance folder as spot unless the path marks futures', () => {
    expect(parse(handMade('binance/NMRUSDT-1m-2024-01.csv', KLINES_MS)).key.exchange).toBe('binance');
    expect(parse(handMade('binance/NMRUSDT-1m-2024-01.csv', KLINES_MS)).key.symbol).toBe('NMR/USDT');
    const um = parse(handMade('data/futures/um/monthly/klines/binance/NMRUSDT-1m-2024-01.csv', KLINES_MS));
    expect(um.key).toMatchObject({ exchange: 'binanceusdm', symbol: 'NMR/USDT:USDT' });
  });
});

describe('parseMarketFile: freqtrade files', () => {
  it('reads JSON candles [ms, o, h, l, c, v] and the exchange from the folder', () => {
    const json = JSON.stringify([
      [T, 13.7, 14.0, 13.6, 13.8, 1774.3],
      [T + H, 13.8, 13.9, 13.5, 13.6, 695.7],
    ]);
    const p = parse(handMade('gateio/futures/NMR_USDT_USDT-1h-futures.json', [json]));
    expect(p.format).toBe('freqtrade-json');
    expect(p.key).toEqual({ exchange: 'gate', symbol: 'NMR/USDT:USDT', kind: 'candles', timeframe: '1h' });
    expect(candles(p)).toEqual([
      [T, 13.7, 14.0, 13.6, 13.8, 1774.3],
      [T + H, 13.8, 13.9, 13.5, 13.6, 695.7],
    ]);
  });

  it('reads a -8h-funding_rate file as funding with the rate in open and infers a 4h interval', () => {
    const rows = [0, 4, 8, 12].map((h, i) => [T + h * H, [0.00005, -0.0001, 0.00002, 0][i], 0, 0, 0, 0]);
    const p = parse(handMade('gateio/NMR_USDT_USDT-8h-funding_rate.json', [JSON.stringify(rows)]));
    expect(p.key).toEqual({
      exchange: 'gate',
      symbol: 'NMR/USDT:USDT',
      kind: 'funding',
      timeframe: undefined,
    });
    if (p.data.kind !== 'funding') throw new Error('expected funding');
    expect(p.data.events.map((e) => [e.time, e.rate])).toEqual([
      [T, 0.00005],
      [T + 4 * H, -0.0001],
      [T + 8 * H, 0.00002],
      [T + 12 * H, 0],
    ]);
    expect(
      p.fundingSegments?.map((s) => s.intervalHours),
      'settlements every 4 h despite "-8h-"',
    ).toEqual([4]);
  });

  it('reads the CSV twins (date,timestamp_ms,...) of mark files with the timeframe from the name', () => {
    const file = handMade('binance/futures/NMR_USDT_USDT-8h-mark.csv', [
      'date,timestamp_ms,open,high,low,close,volume',
      '2024-01-01T00:00:00.000Z,1704067200000,13.98566879,14.14080958,13.63248098,13.97417585,0',
      '2024-01-01T08:00:00.000Z,1704096000000,13.97417585,14.48820534,13.77409017,14.16429141,0',
    ]);
    const p = parse(file);
    expect(p.format).toBe('freqtrade-csv');
    expect(p.columns).toBe('time=timestamp_ms open=open high=high low=low close=close volume=volume');
    expect(p.key).toEqual({
      exchange: 'binanceusdm',
      symbol: 'NMR/USDT:USDT',
      kind: 'mark',
      timeframe: '8h',
    });
    expect(candles(p)[1]).toEqual([T + 8 * H, 13.97417585, 14.48820534, 13.77409017, 14.16429141, 0]);
  });

  it('reads plain freqtrade CSV with zoned text dates', () => {
    const p = parse(
      handMade('okx/NMR_USDT_USDT-1h-futures.csv', [
        'date,open,high,low,close,volume',
        '2024-01-01 00:00:00+00:00,10,11,9,10.5,3',
        '2024-01-01 01:00:00+00:00,10.5,10.6,10.1,10.2,4',
      ]),
    );
    expect(p.key.exchange).toBe('okx');
    expect(candles(p)).toEqual([
      [T, 10, 11, 9, 10.5, 3],
      [T + H, 10.5, 10.6, 10.1, 10.2, 4],
    ]);
  });
});

describe('parseMarketFile: generic CSV', () => {
  it('recognises time,open,high,low,close,volume with UTC text times', () => {
    const p = parse(
      handMade('binance-usdm/NMRUSDT_1h_365.csv', [
        'time,open,high,low,close,volume',
        '2024-01-01 00:00:00,15.022,15.034,14.858,14.884,21446.5',
        '2024-01-01 01:00:00,14.879,15.009,14.83,14.904,19679.4',
      ]),
    );
    expect(p.format).toBe('generic-csv');
    expect(p.key.timeframe).toBe('1h');
    expect(candles(p)[0]).toEqual([T, 15.022, 15.034, 14.858, 14.884, 21446.5]);
  });

  it('follows --map and --time-unit for unusual headers', () => {
    const file = handMade('mine/prices.csv', [
      'ts;o;h;l;c;vol',
      '1704067200;1;2;0.5;1.5;10',
      '1704070800;1.5;2;1;1.2;11',
    ]);
    const p = parse(file, {
      exchange: 'binanceusdm',
      symbol: 'NMRUSDT',
      map: 'time=ts,open=o,high=h,low=l,close=c,volume=vol',
      timeUnit: 's',
    });
    expect(p.columns).toBe('time=ts open=o high=h low=l close=c volume=vol');
    expect(p.key).toEqual({
      exchange: 'binanceusdm',
      symbol: 'NMR/USDT:USDT',
      kind: 'candles',
      timeframe: '1h',
    });
    expect(candles(p)).toEqual([
      [T, 1, 2, 0.5, 1.5, 10],
      [T + H, 1.5, 2, 1, 1.2, 11],
    ]);
  });

  it('maps a headerless file by column numbers', () => {
    const file = handMade('bybit/x.csv', ['2024-01-01,9,1,2,0.5,1.5', '2024-01-02,9,1.5,2,1,1.2']);
    const p = parse(file, { symbol: 'NMRUSDT', map: 'time=1,open=3,high=4,low=5,close=6,volume=2' });
    expect(p.key).toMatchObject({ exchange: 'bybit', timeframe: '1d' });
    expect(candles(p)[1]).toEqual([T + 24 * H, 1.5, 2, 1, 1.2, 9]);
  });

  it('shifts zone-less local times by --tz-offset and notes a UTC+3 name read without it', () => {
    const lines = [
      'open_time,open,high,low,close,volume',
      '2024-01-01 03:00:00,7.947,7.952,7.947,7.951,632.8427',
    ];
    const file = handMade('binance-usdm/NMRUSDT_1m_UTC+3_original.csv', lines);
    expect(candles(parse(file, { tzOffset: '+03:00' }))[0]?.[0], '03:00 in UTC+3 is 00:00 UTC').toBe(T);
    const naive = parse(file);
    expect(candles(naive)[0]?.[0]).toBe(T + 3 * H);
    expect(naive.issues.map((i) => i.message)).toEqual([
      `${file}: the file name says UTC+3 but no --tz-offset was given: zone-less times were read as UTC`,
    ]);
  });

  it('reads Bybit kline exports (timestamp,...,turnover,date)', () => {
    const p = parse(
      handMade('bybit-linear/NMRUSDT_1d.csv', [
        'timestamp,open,high,low,close,volume,turnover,date',
        '1693785600000,16.837,17.368,14.311,14.692,458823.7,7209463.4619,2023-09-04',
      ]),
    );
    expect(p.format).toBe('bybit-csv');
    expect(p.key).toEqual({ exchange: 'bybit', symbol: 'NMR/USDT:USDT', kind: 'candles', timeframe: '1d' });
    expect(candles(p)).toEqual([[1693785600000, 16.837, 17.368, 14.311, 14.692, 458823.7]]);
  });

  it('reads funding as time,rate[,markPrice] and open interest as time,amount[,value]', () => {
    const funding = parse(
      handMade('binance-usdm/NMRUSDT_funding.csv', [
        'time,rate,markPrice',
        '1704067200000,0.0001,13.5',
        '1704096000000,-0.00345342,',
      ]),
    );
    expect(funding.key.kind).toBe('funding');
    if (funding.data.kind !== 'funding') throw new Error('expected funding');
    expect(funding.data.events).toEqual([
      { time: T, rate: 0.0001, markPrice: 13.5, intervalHours: undefined },
      { time: T + 8 * H, rate: -0.00345342, markPrice: undefined, intervalHours: undefined },
    ]);
    const oi = parse(
      handMade('binance-usdm/NMRUSDT_oi.csv', ['time,amount,value', '1704067200000,533683.4,5530000']),
    );
    expect(oi.data).toEqual({ kind: 'oi', points: [{ time: T, amount: 533683.4, value: 5530000 }] });
  });

  it('reads Binance API kline JSON with string prices', () => {
    const row = (t: number, o: string): unknown[] => [
      t,
      o,
      '9.10000000',
      '8.50000000',
      '8.90000000',
      '1234.5',
      t + 86_399_999,
      '1',
      10,
      '1',
      '1',
      '0',
    ];
    const p = parse(
      handMade('binance/NMRUSDT_1d_raw_klines.json', [
        JSON.stringify([row(T, '8.80000000'), row(T + 24 * H, '8.90000000')]),
      ]),
    );
    expect(p.format).toBe('binance-api-json');
    expect(p.key).toEqual({ exchange: 'binance', symbol: 'NMR/USDT', kind: 'candles', timeframe: '1d' });
    expect(candles(p)[0]).toEqual([T, 8.8, 9.1, 8.5, 8.9, 1234.5]);
  });
});

describe('parseMarketFile: Binance funding and mark-price dumps', () => {
  it('reads fundingRate dumps (calc_time,funding_interval_hours,last_funding_rate) with their stated interval', () => {
    const p = parse(
      handMade('futures/um/monthly/fundingRate/NMRUSDT/NMRUSDT-fundingRate-2024-01.csv', [
        'calc_time,funding_interval_hours,last_funding_rate',
        '1704067200000,8,0.00010000',
        '1704096000000,4,-0.00020000',
      ]),
      { exchange: 'binanceusdm' },
    );
    expect(p.key).toEqual({
      exchange: 'binanceusdm',
      symbol: 'NMR/USDT:USDT',
      kind: 'funding',
      timeframe: undefined,
    });
    expect(p.columns).toBe('time=calc_time rate=last_funding_rate intervalHours=funding_interval_hours');
    if (p.data.kind !== 'funding') throw new Error('expected funding');
    expect(p.data.events.map((e) => [e.time, e.rate, e.intervalHours])).toEqual([
      [T, 0.0001, 8],
      [T + 8 * H, -0.0002, 4],
    ]);
  });

  it('reads klines under a markPriceKlines folder as mark prices', () => {
    const p = parse(
      handMade('binance/futures/um/monthly/markPriceKlines/NMRUSDT/1m/NMRUSDT-1m-2024-01.csv', KLINES_MS),
    );
    expect(p.key).toEqual({
      exchange: 'binanceusdm',
      symbol: 'NMR/USDT:USDT',
      kind: 'mark',
      timeframe: '1m',
    });
  });
});

describe('parseMarketFile: text details', () => {
  it('handles a UTF-8 byte-order mark, CRLF line ends and quoted fields', () => {
    const file = path.join(dir, 'binance-usdm', 'NMRUSDT_1h_excel.csv');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const body =
      '"time","open","high","low","close","volume"\r\n"2024-01-01 00:00:00","10","11","9","10.5","1,5"\r\n';
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]));
    const p = parse(file);
    expect(p.columns).toBe('time=time open=open high=high low=low close=close volume=volume');
    expect(
      p.issues.map((i) => i.message),
      'the quoted "1,5" stays one field and is refused as a number',
    ).toEqual([`${file}:2: volume "1,5" is not a number`]);
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body.replace('"1,5"', '"15"'))]),
    );
    expect(candles(parse(file))).toEqual([[T, 10, 11, 9, 10.5, 15]]);
  });

  it('accepts the same file given as text or as bytes', () => {
    const file = handMade('binance-usdm/NMRUSDT-1m-2024-01.csv', KLINES_MS);
    const fromText = parseMarketFile(fs.readFileSync(file, 'utf8'), file);
    const fromBytes = parseMarketFile(fs.readFileSync(file), file);
    expect(candles(fromBytes)).toEqual(candles(fromText));
  });
});

describe('parseMarketFile: timeframe and file-level problems', () => {
  const rows = [
    'time,open,high,low,close,volume',
    '2024-01-01 00:00,1,1,1,1,1',
    '2024-01-01 00:05,1,1,1,1,1',
    '2024-01-01 00:10,1,1,1,1,1',
  ];

  it('infers the timeframe from the most common row spacing when the name has none', () => {
    expect(parse(handMade('gate/NMRUSDT.csv', rows)).key.timeframe).toBe('5m');
  });

  it('asks for --timeframe when neither the name nor the spacing gives one', () => {
    const file = handMade('gate/NMRUSDT.csv', rows.slice(0, 2));
    expect(() => parse(file)).toThrow(
      `${file}: cannot tell the timeframe from the file name or the row spacing; pass --timeframe`,
    );
    expect(parse(file, { timeframe: '5m' }).key.timeframe).toBe('5m');
  });

  it('refuses a timeframe longer than the row spacing', () => {
    const file = handMade('gate/NMRUSDT.csv', rows);
    expect(() => parse(file, { timeframe: '1h' })).toThrow(
      'rows are mostly 300s apart, less than the 1h timeframe',
    );
  });

  it('asks for --exchange when no folder names one', () => {
    const file = handMade('downloads/NMRUSDT_5m.csv', rows);
    expect(() => parse(file)).toThrow(`${file}: no parent folder names a known exchange`);
    expect(parse(file, { exchange: 'binanceusdm' }).key.exchange).toBe('binanceusdm');
  });

  it('names the file and its columns when it cannot find the fields', () => {
    const file = handMade('gate/NMRUSDT_1h.csv', ['when,first,last', '2024-01-01 00:00,1,2']);
    expect(() => parse(file)).toThrow(
      `${file}: cannot find the time, open, high, low, close columns for candles (its columns are when, first, last)`,
    );
  });

  it('rejects an unknown JSON layout by file name', () => {
    const file = handMade('gate/NMR_USDT_USDT-1h-futures.json', ['{"a":1}']);
    expect(() => parse(file)).toThrow(`${file}: unknown JSON layout`);
  });

  it('parseCandleFile returns the series and refuses other kinds', () => {
    const file = handMade('binance-usdm/NMRUSDT-1m-2024-01.csv', KLINES_MS);
    expect(parseCandleFile(fs.readFileSync(file, 'utf8'), file).series.length).toBe(3);
    expect(() =>
      parseCandleFile('time,rate\n1704067200000,0.0001\n', path.join(dir, 'gate/NMRUSDT.csv')),
    ).toThrow('holds funding, not candles');
  });
});
