import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketStore, generateSyntheticMarket } from '../../data/index.js';
import { type CliRun, runCliCaptured } from '../run-captured.js';

/** Runs the CLI in-process and captures what it writes. */
function run(...args: string[]): Promise<CliRun> {
  return runCliCaptured([...args]);
}

let dir: string;
let db: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nmrbot-cli-synth-'));
  db = join(dir, 'store.db');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SOURCE = 'synth seed=7 days=3 start=2025-01-01 v1';

/** Opens the test store, runs `fn` on it and closes it. */
function inStore<T>(fn: (store: MarketStore) => T): T {
  const store = MarketStore.open(db);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

describe('nmrbot data synth', () => {
  it('stores 1m candles, 1m mark and funding, each flagged synthetic, and says so', async () => {
    const { code, stdout, stderr } = await run('--store', db, 'data', 'synth', '--days', '3', '--seed', '7');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\[SYNTHETIC\] /);
    expect(stdout).toContain(SOURCE);
    expect(stdout).toContain('4320 rows (4320 new');
    expect(stdout).toContain('2025-01-01T00:00:00.000Z → 2025-01-03T23:59:00.000Z');
    expect(stdout).toMatch(/x 8h then \d+ x 4h/);
    expect(stdout).toContain('seed 7');

    inStore((store) => {
      const series = store.listSeries();
      expect(
        series.map((s) => [s.exchange, s.symbol, s.kind, s.timeframe ?? null, s.synthetic, s.source]),
      ).toEqual([
        ['synthetic', 'NMR/USDT:USDT', 'candles', '1m', true, SOURCE],
        ['synthetic', 'NMR/USDT:USDT', 'funding', null, true, SOURCE],
        ['synthetic', 'NMR/USDT:USDT', 'mark', '1m', true, SOURCE],
      ]);
      const stored = store.loadCandles({
        exchange: 'synthetic',
        symbol: 'NMR/USDT:USDT',
        kind: 'candles',
        timeframe: '1m',
      });
      const generated = generateSyntheticMarket({ days: 3, seed: 7 });
      expect(Array.from(stored.close), 'the store holds exactly the generated bars').toEqual(
        Array.from(generated.candles.close),
      );
      expect(store.span({ exchange: 'synthetic', symbol: 'NMR/USDT:USDT', kind: 'funding' }).rows).toBe(
        generated.funding.length,
      );
    });
  });

  it('is idempotent: a second run changes nothing', async () => {
    await run('--store', db, 'data', 'synth', '--days', '3', '--seed', '7');
    const again = await run('--store', db, 'data', 'synth', '--days', '3', '--seed', '7');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('4320 rows (0 new, 0 updated, 4320 unchanged)');
    expect(again.stdout).toMatch(/funding\s+\d+ rows \(0 new, 0 updated, \d+ unchanged\)/);
    expect(inStore((store) => store.listSeries())).toHaveLength(3);
  });

  it('refuses to mix another seed into the same synthetic series', async () => {
    await run('--store', db, 'data', 'synth', '--days', '3', '--seed', '7');
    const other = await run('--store', db, 'data', 'synth', '--days', '3', '--seed', '8');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`already holds synthetic data from "${SOURCE}"`);
  });

  it('refuses a real venue as the exchange id and bad numbers, naming the option', async () => {
    const venue = await run(
      '--store',
      db,
      'data',
      'synth',
      '--days',
      '3',
      '--seed',
      '7',
      '--exchange',
      'binanceusdm',
    );
    expect(venue.code).toBe(1);
    expect(venue.stderr).toContain('--exchange');
    const days = await run('--store', db, 'data', 'synth', '--days', 'three', '--seed', '7');
    expect(days.stderr).toContain('--days');
    const start = await run(
      '--store',
      db,
      'data',
      'synth',
      '--days',
      '1',
      '--seed',
      '7',
      '--start',
      'yesterday',
    );
    expect(start.stderr).toContain('--start');
  });
});
