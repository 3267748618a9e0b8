import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketStore } from '../../data/index.js';
import { SqliteTradeStore, SqliteWeightChangeStore } from '../../journal/index.js';
import { runCliCaptured } from '../run-captured.js';

describe('nmrbot review', () => {
  let dir: string;
  let db: string;
  let runId: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-review-cli-'));
    db = path.join(dir, 'store.db');
    const bt = await runCliCaptured([
      '--store',
      db,
      'backtest',
      '--synthetic',
      '--days',
      '5',
      '--report',
      path.join(dir, 'reports', 'run.html'),
    ]);
    expect(bt.code, bt.stderr).toBe(0);
    const store = MarketStore.open(db);
    try {
      const [run] = await new SqliteTradeStore(store.db).listRuns();
      runId = run?.id ?? '';
    } finally {
      store.close();
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function journaled() {
    const store = MarketStore.open(db);
    try {
      const changes = new SqliteWeightChangeStore(store.db);
      return { changes: await changes.weightChanges(), current: await changes.currentWeights() };
    } finally {
      store.close();
    }
  }

  it('reviews the latest backtest run (SYNTHETIC), prints the tables and journals an unapplied proposal', async () => {
    const r = await runCliCaptured(['--store', db, 'review']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`[SYNTHETIC] Review of run ${runId}`);
    for (const title of [
      'Accuracy by family',
      'Accuracy by signal',
      'PnL by signal type',
      'PnL by regime',
      'PnL by weekday',
      'PnL by hour',
      'Weights (shrinkage',
    ]) {
      expect(r.stdout, title).toContain(title);
    }
    expect(r.stdout).toMatch(/^price\s+0\.4000\s+0\.4000/m);
    expect(r.stdout).toContain('weight change #1 journaled');
    expect(r.stdout).toContain('proposed only');
    const { changes, current } = await journaled();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      runId,
      applied: false,
      oldWeights: { price: 0.4, network: 0.35, sentiment: 0.25 },
    });
    expect(current, 'nothing applied yet').toBeUndefined();
  });

  it('applies the proposal with --apply, and the next review starts from it', async () => {
    const r = await runCliCaptured(['--store', db, 'review', '--run', runId, '--whole-run', '--apply']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Review of run');
    expect(r.stdout).toContain('window: whole run');
    expect(r.stdout).toContain('applied: the bot reads these weights');
    const { changes, current } = await journaled();
    expect(changes.map((c) => c.applied)).toEqual([false, true]);
    expect(current?.weights).toEqual(changes[1]?.proposed);
    const next = await runCliCaptured(['--store', db, 'review']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('current weights from the last applied review');
  });

  it('names a run that is not in the journal', async () => {
    const r = await runCliCaptured(['--store', db, 'review', '--run', 'bt-nope']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no journal run "bt-nope"');
  });
});
