import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource, memorySource } from './byte-source.js';
import { type CsvLayout, scanCsvRows } from './csv-scan.js';
import { IssueLog } from './issue-log.js';
import { importFiles } from './import-files.js';
import { RowBuffer } from './row-buffer.js';
import { TimeReader } from './time-parse.js';
import { MarketStore } from '../store/index.js';

// HAND-MADE rows (and, for the large file, SYNTHETIC generated rows) written to a temporary folder.
const LAYOUT: CsvLayout = {
  delimiter: ',',
  columnCount: 6,
  timeCol: 0,
  valueCols: [1, 2, 3, 4, 5],
  valueNames: ['open', 'high', 'low', 'close', 'volume'],
  defaults: [NaN, NaN, NaN, NaN, 0],
  optional: [false, false, false, false, false],
};
const T = Date.UTC(2024, 0, 1);
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-bytes-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Scans a whole source chunk by chunk, as parse-file does. */
function scanAll(source: ReturnType<typeof memorySource>): { rows: RowBuffer; log: IssueLog; read: number } {
  const rows = new RowBuffer(4);
  const log = new IssueLog('f.csv', false);
  let line = 0;
  let read = 0;
  source.stream(0, (chunk, final) => {
    const r = scanCsvRows(chunk, 0, line + 1, final, LAYOUT, new TimeReader(), rows, log);
    line = r.lastLine;
    read += r.read;
    return r.next;
  });
  return { rows, log, read };
}

describe('fileSource streaming', () => {
  const lines = [
    `${T},10,11,9,10.5,1`,
    `${T + 60_000},10.5,11,10,10.75,22.5`,
    '',
    `${T + 120_000},10.75,12,10.5,11,333`,
    `${T + 180_000},x,12,10.5,11,4`,
    `${T + 240_000},11,12.25,10.5,12,5000.125`,
  ];
  const text = `${lines.join('\r\n')}`;

  it('reads exactly what a single in-memory pass reads, for every chunk size', () => {
    const file = path.join(dir, 'f.csv');
    fs.writeFileSync(file, text);
    const whole = scanAll(memorySource(Buffer.from(text)));
    expect(whole.read).toBe(5);
    expect(whole.log.issues.map((i) => i.message)).toEqual([
      'f.csv:3: blank line ignored',
      'f.csv:5: open "x" is not a number',
    ]);
    const fd = fs.openSync(file, 'r');
    try {
      for (let chunk = 1; chunk <= text.length + 1; chunk++) {
        const part = scanAll(fileSource(fd, chunk));
        expect(Array.from(part.rows.time.subarray(0, part.rows.length)), `chunk ${chunk}`).toEqual(
          Array.from(whole.rows.time.subarray(0, whole.rows.length)),
        );
        expect(
          part.rows.values.map((v) => Array.from(v.subarray(0, part.rows.length))),
          `chunk ${chunk}`,
        ).toEqual(whole.rows.values.map((v) => Array.from(v.subarray(0, whole.rows.length))));
        expect(
          part.log.issues.map((i) => i.message),
          `chunk ${chunk}`,
        ).toEqual(whole.log.issues.map((i) => i.message));
      }
    } finally {
      fs.closeSync(fd);
    }
  });

  it('imports a file larger than one 4 MiB chunk with exact line numbers past the boundary', () => {
    fs.mkdirSync(path.join(dir, 'binance-usdm'));
    const file = path.join(dir, 'binance-usdm', 'NMRUSDT-1m-2024-01.csv');
    const n = 80_000; // ~5.6 MB of synthetic 1m klines
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = T + i * 60_000;
      const p = (10 + (i % 1000) / 1000).toFixed(3);
      rows.push(`${t},${p},${p},${p},${p},${i % 7},${t + 59_999},0,0,0,0,0`);
    }
    rows[70_000] = `${T + 70_000 * 60_000},1,2,3`;
    fs.writeFileSync(file, `${rows.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(4 << 20);
    const store = MarketStore.open(path.join(dir, 'store.db'));
    try {
      const failed = importFiles(store, [file]);
      expect(failed.files[0]?.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
        `${file}:70001: expected 12 columns, found 4`,
      ]);
      const dropped = importFiles(store, [file], { skipBadRows: true });
      expect(dropped.files[0]?.rows).toMatchObject({ read: n, inserted: n - 1, skipped: 1 });
      expect(dropped.files[0]?.gaps).toEqual({ count: 1, missing: 1 });
    } finally {
      store.close();
    }
  });
});
