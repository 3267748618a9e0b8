import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions, ParsedFile } from './import.types.js';
import { parseMarketFile } from './parse-file.js';

// HAND-MADE fixtures: a header and a few invented 1h rows around 2024-01-01, written to a temp folder.
const HEADER = 'time,open,high,low,close,volume';
let dir: string;
let file: string;

function parseRows(rows: readonly string[], options: ImportOptions = {}): ParsedFile {
  fs.writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
  return parseMarketFile(fs.readFileSync(file, 'utf8'), file, options);
}

function messages(p: ParsedFile, severity?: string): string[] {
  return p.issues.filter((i) => !severity || i.severity === severity).map((i) => i.message);
}

function times(p: ParsedFile): string[] {
  if (p.data.kind !== 'candles') throw new Error('expected candles');
  return Array.from(p.data.series.openTime, (t) => new Date(t).toISOString().slice(11, 16));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-validate-'));
  fs.mkdirSync(path.join(dir, 'binance-usdm'));
  file = path.join(dir, 'binance-usdm', 'NMRUSDT_1h_test.csv');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('import validation: errors with file and line', () => {
  const cases: [string, string, string][] = [
    ['2024-01-01 01:00:00,10,,9,10,5', `:3: high is empty`, 'an empty field'],
    ['2024-01-01 01:00:00,abc,11,9,10,5', `:3: open "abc" is not a number`, 'a non-numeric field'],
    ['2024-01-01 01:00:00,NaN,11,9,10,5', `:3: open "NaN" is not a number`, 'a NaN literal'],
    ['2024-01-01 01:00:00,-1,11,9,10,5', `:3: open -1 is negative`, 'a negative price'],
    ['2024-01-01 01:00:00,10,11,9,10,-5', `:3: volume -5 is negative`, 'a negative volume'],
    ['2024-01-01 01:00:00,10,11,0,10,5', `:3: low is 0: prices must be positive`, 'a zero price'],
    [
      '2024-01-01 01:00:00,10,9.5,9,9.8,5',
      `:3: high 9.5 is below max(open, close) = 10`,
      'high under the body',
    ],
    [
      '2024-01-01 01:00:00,10,11,10.2,10.5,5',
      `:3: low 10.2 is above min(open, close) = 10`,
      'low over the body',
    ],
    ['2024-01-01 01:00:00,10,9,11,10,5', `:3: high 9 is below low 11`, 'high under low'],
    ['2024-01-01 01:00:00,10,11,9,10', `:3: expected 6 columns, found 5`, 'a short row'],
    ['2024-01-01 01:00:00,10,11,9,10,5,7', `:3: expected 6 columns, found 7`, 'a long row'],
    ['2024-13-01 01:00:00,10,11,9,10,5', `:3: cannot read time "2024-13-01 01:00:00"`, 'an impossible date'],
    ['yesterday,10,11,9,10,5', `:3: cannot read time "yesterday"`, 'text that is no time'],
    [',10,11,9,10,5', `:3: time is empty`, 'an empty time'],
    [
      '1000,10,11,9,10,5',
      `:3: time "1000" reads as 1970-01-01T00:16:40.000Z, outside 2000..2099: check --time-unit`,
      'an implausible epoch',
    ],
    [
      '2024-01-01 01:30:00,10,11,9,10,5',
      `:3: open time 2024-01-01T01:30:00.000Z is not on the 1h grid (UTC-aligned)`,
      'an off-grid time',
    ],
  ];
  for (const [row, message, what] of cases) {
    it(`reports ${what} as an error and keeps the good rows`, () => {
      const p = parseRows(['2024-01-01 00:00:00,10,11,9,10,5', row, '2024-01-01 02:00:00,10,11,9,10,5']);
      expect(messages(p, 'error'), `the bad row must be named by file:line`).toEqual([`${file}${message}`]);
      expect(p.errors).toBe(1);
      expect(times(p), 'rows before and after the bad one are kept (the gap it leaves is a warning)').toEqual(
        ['00:00', '02:00'],
      );
    });
  }

  it('reports a conflicting duplicate time naming both lines and the differing values', () => {
    const p = parseRows(['2024-01-01 00:00:00,10,11,9,10,5', '2024-01-01 00:00:00,10,11,9,10.5,5']);
    expect(messages(p)).toEqual([
      `${file}:3: time 2024-01-01T00:00:00.000Z repeats line 2 with different values (10 vs 10.5)`,
    ]);
    expect(p.errors).toBe(1);
  });

  it('reports out-of-order rows as errors instead of sorting them', () => {
    const p = parseRows([
      '2024-01-01 00:00:00,10,11,9,10,5',
      '2024-01-01 02:00:00,10,11,9,10,5',
      '2024-01-01 01:00:00,10,11,9,10,5',
    ]);
    expect(messages(p, 'error')).toEqual([
      `${file}:4: time 2024-01-01T01:00:00.000Z is earlier than 2024-01-01T02:00:00.000Z on line 3: rows must be in ascending time order`,
    ]);
  });
});

describe('import validation: warnings', () => {
  it('keeps an identical duplicate once, with a warning', () => {
    const p = parseRows([
      '2024-01-01 00:00:00,10,11,9,10,5',
      '2024-01-01 00:00:00,10,11,9,10,5',
      '2024-01-01 01:00:00,10,11,9,10,5',
    ]);
    expect(p.errors).toBe(0);
    expect(messages(p, 'warning')).toEqual([
      `${file}:3: time 2024-01-01T00:00:00.000Z repeats line 2 with identical values; kept once`,
    ]);
    expect(p.duplicates).toBe(1);
    expect(times(p)).toEqual(['00:00', '01:00']);
  });

  it('lists each gap with its first and last missing bar and counts them', () => {
    const p = parseRows([
      '2024-01-01 00:00:00,10,11,9,10,5',
      '2024-01-01 03:00:00,10,11,9,10,5',
      '2024-01-01 04:00:00,10,11,9,10,5',
      '2024-01-01 06:00:00,10,11,9,10,5',
    ]);
    expect(messages(p, 'warning')).toEqual([
      `${file}:3: gap of 2 missing 1h bars from 2024-01-01T01:00:00.000Z to 2024-01-01T02:00:00.000Z`,
      `${file}:5: gap of 1 missing 1h bar from 2024-01-01T05:00:00.000Z to 2024-01-01T05:00:00.000Z`,
    ]);
    expect(p.gaps).toEqual({ count: 2, missing: 3 });
    expect(p.errors).toBe(0);
  });

  it('warns about a blank line inside the file', () => {
    const p = parseRows(['2024-01-01 00:00:00,10,11,9,10,5', '', '2024-01-01 01:00:00,10,11,9,10,5']);
    expect(messages(p)).toEqual([`${file}:3: blank line ignored`]);
    expect(p.rowsRead).toBe(2);
  });

  it('warns when candles have no volume column and stores volume 0', () => {
    fs.writeFileSync(file, 'time,open,high,low,close\n2024-01-01 00:00:00,10,11,9,10\n');
    const p = parseMarketFile(fs.readFileSync(file, 'utf8'), file);
    expect(messages(p)).toEqual([
      `${file}: no volume column: volume stored as 0 (map one with --map volume=<column>)`,
    ]);
  });

  it('warns about funding rates that look like percentages', () => {
    fs.writeFileSync(file, 'time,rate\n2024-01-01 00:00:00,0.01\n2024-01-01 08:00:00,0.5\n');
    const p = parseMarketFile(fs.readFileSync(file, 'utf8'), file);
    expect(messages(p)).toEqual([`${file}:3: rate 0.5 is beyond ±0.05 per settlement: is it in percent?`]);
  });
});

describe('import validation: --skip-bad-rows', () => {
  it('drops each bad row explicitly, reports it by line and counts it', () => {
    const p = parseRows(
      [
        '2024-01-01 00:00:00,10,11,9,10,5',
        '2024-01-01 01:00:00,10,9,11,10,5',
        '2024-01-01 02:00:00,x,11,9,10,5',
        '2024-01-01 03:00:00,10,11,9,10,5',
      ],
      { skipBadRows: true },
    );
    expect(p.errors, 'dropped rows do not fail the import').toBe(0);
    expect(p.skipped).toEqual([3, 4]);
    expect(messages(p, 'dropped')).toEqual([
      `${file}:3: high 9 is below low 11 (dropped: --skip-bad-rows)`,
      `${file}:4: open "x" is not a number (dropped: --skip-bad-rows)`,
    ]);
    expect(times(p)).toEqual(['00:00', '03:00']);
  });
});

describe('import validation: JSON rows', () => {
  it('locates problems by element number', () => {
    const json = path.join(dir, 'binance-usdm', 'NMR_USDT_USDT-1h-futures.json');
    const t = Date.UTC(2024, 0, 1);
    fs.writeFileSync(
      json,
      JSON.stringify([
        [t, 1, 2, 0.5, 1, 1],
        [t + 3_600_000, 1, 2, 0.5, 1],
        [t + 7_200_000, 1, 'x', 0.5, 1, 1],
      ]),
    );
    const p = parseMarketFile(fs.readFileSync(json, 'utf8'), json);
    expect(messages(p, 'error')).toEqual([
      `${json} row 2: expected 6 values, found 5 values`,
      `${json} row 3: high "x" is not a number`,
    ]);
  });
});
