import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { epochMs, HOUR_MS } from '../core/index.js';
import { MarketStore } from '../data/index.js';
import { loadStoredReplay } from './replay-source.js';
import { T0, flatBars } from './test-helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempStore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-double-'));
  dirs.push(dir);
  return path.join(dir, 'market.db');
}

const key = { exchange: 'synthetic-double', symbol: 'NMR/USDT:USDT' };

describe('loadStoredReplay (a real SQLite store holding SYNTHETIC bars)', () => {
  it('returns the stored candles and funding of the range', () => {
    const file = tempStore();
    const store = MarketStore.open(file);
    store.upsertCandles({ ...key, kind: 'candles', timeframe: '1m' }, flatBars(30, 10), { synthetic: true });
    store.upsertFunding({ ...key, kind: 'funding' }, [{ time: epochMs(T0 + 4 * HOUR_MS), rate: 0.0001 }], {
      synthetic: true,
    });
    store.close();
    const replay = loadStoredReplay({ storePath: file, ...key, timeframe: '1m', from: T0 + 60_000 * 10 });
    expect(replay.series.length).toBe(20);
    expect(replay.series.time(0)).toBe(T0 + 600_000);
    expect(replay.funding?.events.map((e) => e.rate)).toEqual([0.0001]);
  });

  it('names the store and series when there is nothing to replay', () => {
    const file = tempStore();
    MarketStore.open(file).close();
    expect(() => loadStoredReplay({ storePath: file, ...key, timeframe: '1m' })).toThrow(
      `${file}: synthetic-double NMR/USDT:USDT 1m candles hold 0 bars in the range; the replay needs at least 2`,
    );
  });
});
