import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketStore } from '../../data/index.js';
import { SqliteTradeStore, SqliteWeightChangeStore } from '../../journal/index.js';
import { runCliCaptured } from '../run-captured.js';

describe('nmrbot backtest --adapt-weights', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-adapt-'));
    db = path.join(dir, 'store.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('SYNTHETIC market: reviews every 7 days, prints the weight path, puts it in the JSON and journals it', async () => {
    const json = path.join(dir, 'out.json');
    const args = ['--store', db, 'backtest', '--synthetic', '--days', '15', '--seed', '2', '--no-risk'];
    const r = await runCliCaptured([...args, '--adapt-weights', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Weekly review replayed: 2 reviews, 2 applied');
    expect(r.stdout).toMatch(/start\s+0\.4000\s+0\.3500\s+0\.2500/);
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      firstBarOpen: number;
      weightReviews: { time: number; applied: boolean; proposed: Record<string, number> }[];
    };
    expect(doc.weightReviews.map((w) => [w.time - doc.firstBarOpen, w.applied])).toEqual([
      [7 * 86_400_000, true],
      [14 * 86_400_000, true],
    ]);
    // The generated market has no network or sentiment data: only the price family has evidence, and
    // a family alone keeps its default share, so the weights stay at the defaults.
    for (const w of doc.weightReviews) {
      expect(w.proposed.price).toBeCloseTo(0.4, 12);
      expect(w.proposed.sentiment).toBeCloseTo(0.25, 12);
    }
    const plain = await runCliCaptured(args);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('Weekly review replayed');
    const store = MarketStore.open(db);
    try {
      const runs = await new SqliteTradeStore(store.db).listRuns();
      const adapted = runs.find((run) => (run.config as { adaptWeights?: boolean }).adaptWeights === true);
      const changes = await new SqliteWeightChangeStore(store.db).weightChanges();
      expect(changes.map((c) => [c.runId, c.time - doc.firstBarOpen])).toEqual([
        [adapted?.id, 7 * 86_400_000],
        [adapted?.id, 14 * 86_400_000],
      ]);
    } finally {
      store.close();
    }
  });
});
