import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketStore } from '../../data/index.js';
import {
  PostgresTradeStore,
  PostgresWeightChangeStore,
  SqliteWeightChangeStore,
} from '../../journal/index.js';
import { ensureTestDatabase, freshSchema } from '../../journal/pg-test-helpers.js';
import { runCliCaptured } from '../run-captured.js';

const FILE = path.resolve(
  import.meta.dirname,
  '../../../../shared/data/nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);

describe('nmrbot paper --replay (real NMRUSDT 15m through a local exchange double and the real ccxt client)', () => {
  let dir: string;
  let store: string[];
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-paper-'));
    store = ['--store', path.join(dir, 'store.db')];
    const imported = await runCliCaptured([...store, 'data', 'import', '--exchange', 'binanceusdm', FILE]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('warms up, trades 600 bars from --from, journals a paper run and keeps the risk state', async () => {
    const args = ['paper', '--replay', '--from', '2025-03-01', '--warm-up', '10d', '--speed', '1000000'];
    const r = await runCliCaptured([...store, ...args, '--bars', '600']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Paper: nmr-playbook on binanceusdm NMR/USDT:USDT 15m');
    expect(r.stdout).toMatch(/journal: paper run paper-\S+ in the store/);
    const db = new Database(path.join(dir, 'store.db'), { readonly: true });
    try {
      const runs = db.prepare("SELECT id, finished_at FROM runs WHERE kind = 'paper'").all() as {
        id: string;
        finished_at: number | null;
      }[];
      expect(runs).toHaveLength(1);
      expect(runs[0]?.finished_at).not.toBeNull();
      const trades = db.prepare('SELECT entry_time FROM trades WHERE run_id = ?').all(runs[0]?.id) as {
        entry_time: number;
      }[];
      const printed = Number(/^Trades +(\d+)/m.exec(r.stdout)?.[1]);
      expect(trades).toHaveLength(printed);
      // Nothing is entered while warming up: every trade opens after the first traded bar's open.
      for (const t of trades) expect(t.entry_time).toBeGreaterThan(Date.UTC(2025, 2, 1));
      const risk = db.prepare('SELECT account FROM risk_state').all() as { account: string }[];
      expect(risk.map((x) => x.account)).toEqual(['paper:binanceusdm:NMR/USDT:USDT']);
    } finally {
      db.close();
    }
  }, 120_000);

  it('starts from the weights of scope paper, reviews every 7 days of market time and journals each review', async () => {
    const db = path.join(dir, 'store.db');
    const planted = { price: 0.5, network: 0.3, sentiment: 0.2 };
    const market = MarketStore.open(db);
    try {
      await new SqliteWeightChangeStore(market.db).record(
        {
          time: Date.UTC(2025, 0, 1),
          runId: 'earlier-paper-run',
          oldWeights: { price: 0.4, network: 0.35, sentiment: 0.25 },
          proposed: planted,
          applied: true,
          evidence: {},
        },
        'paper',
      );
    } finally {
      market.close();
    }
    const config = path.join(dir, 'nmrbot.yaml');
    fs.writeFileSync(config, 'journal:\n  review:\n    autoApply: true\n');
    // 10 days of warm-up (never reviewed) and 21 traded days: reviews 7, 14 and 21 days after the start.
    const args = ['--config', config, 'paper', '--replay', '--from', '2025-03-01', '--warm-up', '10d'];
    const r = await runCliCaptured([...store, ...args, '--speed', '1000000', '--bars', String(21 * 96)]);
    expect(r.code, r.stderr).toBe(0);
    const read = new Database(db, { readonly: true });
    try {
      const run = read.prepare("SELECT id FROM runs WHERE kind = 'paper'").get() as { id: string };
      const reviews = read
        .prepare(
          'SELECT time, old_weights, proposed, applied FROM weight_changes WHERE run_id = ? ORDER BY id',
        )
        .all(run.id) as { time: number; old_weights: string; proposed: string; applied: number }[];
      const start = Date.UTC(2025, 2, 1);
      expect(reviews.map((x) => (x.time - start) / 86_400_000)).toEqual([7, 14, 21]);
      expect(reviews.every((x) => x.applied === 1)).toBe(true);
      expect(JSON.parse(reviews[0]?.old_weights ?? '{}')).toEqual(planted);
      const current = read.prepare("SELECT change_id FROM current_weights WHERE scope = 'paper'").get() as {
        change_id: number;
      };
      const last = read.prepare('SELECT max(id) AS id FROM weight_changes').get() as { id: number };
      expect(current.change_id).toBe(last.id);
      expect(read.prepare("SELECT scope FROM current_weights WHERE scope = 'default'").get()).toBeUndefined();
      // The first decision is scored with the planted weights, read back from scope paper.
      const first = read
        .prepare(
          "SELECT time, detail FROM decisions WHERE run_id = ? AND kind = 'target' ORDER BY seq LIMIT 1",
        )
        .get(run.id) as { time: number; detail: string };
      expect(first.time).toBeLessThan(reviews[0]?.time ?? -Infinity);
      const families = (
        JSON.parse(first.detail) as { snapshot: { families: Record<string, { weight: number }> } }
      ).snapshot.families;
      expect({
        price: families['price']?.weight,
        network: families['network']?.weight,
        sentiment: families['sentiment']?.weight,
      }).toEqual(planted);
    } finally {
      read.close();
    }
  }, 120_000);

  it('journals into PostgreSQL with journal.url (runs, trades and weight changes; none in the store)', async () => {
    await ensureTestDatabase();
    const schema = freshSchema('paper');
    try {
      const config = path.join(dir, 'nmrbot.yaml');
      fs.writeFileSync(config, `journal:\n  url: "${schema.url}"\n  review:\n    autoApply: true\n`);
      const args = ['--config', config, 'paper', '--replay', '--from', '2025-03-01', '--warm-up', '10d'];
      const r = await runCliCaptured([...store, ...args, '--speed', '1000000', '--bars', String(8 * 96)]);
      expect(r.code, r.stderr).toBe(0);
      const printed = Number(/^Trades +(\d+)/m.exec(r.stdout)?.[1]);
      const pg = await PostgresTradeStore.connect(schema.url);
      try {
        const runs = await pg.listRuns({ kind: 'paper' });
        expect(runs).toHaveLength(1);
        expect(await pg.trades(runs[0]?.id ?? '')).toHaveLength(printed);
        const changes = await new PostgresWeightChangeStore(pg.pool).weightChanges();
        expect(changes.map((c) => c.runId)).toEqual([runs[0]?.id]);
      } finally {
        await pg.close();
      }
      const local = new Database(path.join(dir, 'store.db'), { readonly: true });
      try {
        expect(local.prepare("SELECT count(*) AS n FROM runs WHERE kind = 'paper'").get()).toEqual({ n: 0 });
      } finally {
        local.close();
      }
    } finally {
      await schema.drop();
    }
  }, 120_000);

  it('refuses a replay start after the stored history, naming what is missing', async () => {
    const r = await runCliCaptured([...store, 'paper', '--replay', '--from', '2026-01-01', '--bars', '5']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      '--replay: the store holds no 15m (or finer) binanceusdm NMR/USDT:USDT candles after',
    );
  });
});
