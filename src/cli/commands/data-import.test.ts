import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketStore } from '../../data/index.js';
import { collectSeriesStatus } from '../../data/status/index.js';
import { type CliRun, runCliCaptured } from '../run-captured.js';

// HAND-MADE fixtures written to a temporary folder; the store lives there too.
const T = Date.UTC(2024, 0, 1);
const H = 3_600_000;
let dir: string;
let db: string;

function run(...args: string[]): Promise<CliRun> {
  return runCliCaptured(['--store', db, ...args]);
}

function handMade(rel: string, lines: readonly string[]): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const klines = (from: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => {
    const t = T + (from + i) * H;
    return `${t},10,10.5,9.5,10.2,${i + 1},${t + H - 1},0,0,0,0,0`;
  });

/** Series and rows in the store, read with a fresh connection. */
function storeContents(): unknown {
  const store = MarketStore.open(db);
  try {
    return {
      series: collectSeriesStatus(store),
      runs: store.db.prepare('SELECT count(*) FROM import_runs').pluck().get(),
    };
  } finally {
    store.close();
  }
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-cli-data-'));
  db = path.join(dir, 'store.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('nmrbot data import', () => {
  it('imports a file, prints its summary, and data status --json lists the series', async () => {
    const file = handMade('binance-usdm/NMRUSDT-1h-2024-01.csv', klines(0, 24));
    const imported = await run('data', 'import', file);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`${file}  [ok]`);
    expect(imported.stdout).toContain('format    binance-kline-csv');
    expect(imported.stdout).toContain('series    binanceusdm NMR/USDT:USDT candles 1h');
    expect(imported.stdout).toContain('rows      24 read: 24 inserted, 0 updated, 0 unchanged');
    expect(imported.stdout).toContain('span      2024-01-01T00:00:00.000Z .. 2024-01-01T23:00:00.000Z');
    expect(imported.stdout).toContain(
      'imported 1 file: 24 rows inserted, 0 updated, 0 unchanged; 0 warnings',
    );

    const status = await run('data', 'status', '--json');
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { series: unknown[] }).series).toEqual([
      expect.objectContaining({
        exchange: 'binanceusdm',
        symbol: 'NMR/USDT:USDT',
        kind: 'candles',
        timeframe: '1h',
        synthetic: false,
        rows: 24,
        first: '2024-01-01T00:00:00.000Z',
        last: '2024-01-01T23:00:00.000Z',
        gaps: { count: 0, missing: 0, list: [] },
        fundingCoverage: 0,
      }),
    ]);
    const table = await run('data', 'status');
    expect(table.stdout).toMatch(
      /binanceusdm\s+NMR\/USDT:USDT\s+candles\s+1h\s+real\s+24\s+2024-01-01 00:00\s+2024-01-01 23:00/,
    );
  });

  it('reports the second import of the same file as all unchanged, also as --json', async () => {
    const file = handMade('binance-usdm/NMRUSDT-1h-2024-01.csv', klines(0, 5));
    await run('data', 'import', file);
    const again = await run('data', 'import', '--json', file);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { ok: boolean; totals: Record<string, number> };
    expect(report.ok).toBe(true);
    expect(report.totals).toMatchObject({ read: 5, inserted: 0, updated: 0, unchanged: 5 });
  });

  it('fails on a missing file, naming it, with exit code 1 and the store unchanged', async () => {
    await run('data', 'import', handMade('binance-usdm/NMRUSDT-1h-2024-01.csv', klines(0, 3)));
    const before = storeContents();
    const missing = path.join(dir, 'binance-usdm', 'NMRUSDT-1h-2024-02.csv');
    const result = await run(
      'data',
      'import',
      handMade('binance-usdm/NMRUSDT-1h-2024-03.csv', klines(100, 3)),
      missing,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${missing}: cannot read: no such file`);
    expect(result.stderr).toContain(`error: import failed (${missing}); the store is unchanged`);
    expect(storeContents()).toEqual(before);
  });

  it('fails on a file of unknown format, naming it', async () => {
    const odd = handMade('binance-usdm/NMRUSDT-1h-2024-01.json', ['{"candles": []}']);
    const result = await run('data', 'import', odd);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${odd}: unknown JSON layout: expected an array of rows, found object`);
    expect(storeContents()).toEqual({ series: [], runs: 0 });
  });

  it('fails on a wrong column count, naming file and line, and writes nothing', async () => {
    const bad = handMade('binance-usdm/NMRUSDT-1h-2024-01.csv', [
      ...klines(0, 3),
      '1704078000000,10,10.5,9.5,10.2',
      ...klines(4, 2),
    ]);
    const result = await run('data', 'import', bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${bad}:4: expected 12 columns, found 5`);
    expect(result.stdout).toContain('import failed: 1 error in 1 of 1 file; nothing was written');
    expect(storeContents()).toEqual({ series: [], runs: 0 });
  });

  it('imports the bad file with --skip-bad-rows, listing the dropped line', async () => {
    const bad = handMade('binance-usdm/NMRUSDT-1h-2024-01.csv', [
      ...klines(0, 3),
      '1704078000000,10,10.5,9.5,10.2',
      ...klines(4, 2),
    ]);
    const result = await run('data', 'import', '--skip-bad-rows', bad);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `dropped   1 (line 4)\n    ${bad}:4: expected 12 columns, found 5 (dropped: --skip-bad-rows)`,
    );
    expect(result.stdout).toContain('1 bad rows dropped (--skip-bad-rows)');
  });

  it('asks for --exchange when the path names none, and checks --timeframe', async () => {
    const file = handMade('downloads/NMRUSDT-1h-2024-01.csv', klines(0, 3));
    const result = await run('data', 'import', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file}: no parent folder names a known exchange`);
    expect((await run('data', 'import', '--exchange', 'bybit', file)).code).toBe(0);
    const tf = await run('data', 'import', '--timeframe', '7m', file);
    expect(tf.code).toBe(1);
    expect(tf.stderr).toContain('--timeframe 7m is not one of 1m, 3m, 5m');
  });
});

describe('nmrbot data status', () => {
  it('prints a friendly message for an empty store, every feed as empty, and exits 0', async () => {
    const result = await run('data', 'status');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `The store ${db} holds no market series yet. Add data with: nmrbot data import <files...>\n`,
    );
    expect(result.stdout).toContain(
      'numerai    empty    0 rows  no data stored: the network family stays neutral; run nmrbot data fetch numerai',
    );
    const json = JSON.parse((await run('data', 'status', '--json')).stdout) as {
      series: unknown[];
      altData: unknown[];
      feeds: { feed: string; state: string }[];
    };
    expect(json.series).toEqual([]);
    expect(json.altData).toEqual([]);
    expect(json.feeds.map((f) => [f.feed, f.state])).toEqual([
      ['numerai', 'empty'],
      ['onchain', 'empty'],
      ['sentiment', 'empty'],
      ['calendar', 'empty'],
    ]);
  });
});
