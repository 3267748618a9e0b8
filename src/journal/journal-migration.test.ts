import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, MarketStore } from '../data/index.js';
import { SqliteTradeStore } from './sqlite-trade-store.js';

const JOURNAL_TABLES = [
  'equity',
  'decisions',
  'fills',
  'funding_payments',
  'liquidations',
  'orders',
  'risk_decisions',
  'run_logs',
  'runs',
  'trades',
  'weight_changes',
  'current_weights',
  'optimize_runs',
  'optimize_trials',
];

const RATES = [0.0001, 0.0002, -0.0003, 0.0004, 0.0005];

/** A store as nmrbot left it before the journal existed: migration 1 only, with some rows. */
function writeV1Store(file: string): void {
  const db = new Database(file);
  const v1 = MIGRATIONS.find((m) => m.version === 1);
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  db.exec(v1?.sql ?? '');
  db.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(v1?.name);
  db.prepare(
    "INSERT INTO series (id, exchange, symbol, kind, timeframe, synthetic, source, created_at) VALUES (1, 'binanceusdm', 'NMR/USDT:USDT', 'funding', '', 0, 'old import', 0)",
  ).run();
  const insert = db.prepare(
    'INSERT INTO funding (series_id, time, rate, mark_price, interval_hours) VALUES (1, ?, ?, NULL, 8)',
  );
  RATES.forEach((rate, i) => insert.run(Date.UTC(2024, 0, 1) + i * 8 * 3_600_000, rate));
  db.close();
}

describe('migration 2 (journal)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-journal-mig-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('upgrades an existing v1 store without losing its rows', () => {
    const file = path.join(dir, 'old.db');
    writeV1Store(file);
    const store = MarketStore.open(file);
    try {
      const versions = store.db
        .prepare('SELECT version FROM schema_migrations ORDER BY version')
        .pluck()
        .all();
      expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
      expect(store.listSeries()).toMatchObject([
        { exchange: 'binanceusdm', kind: 'funding', source: 'old import' },
      ]);
      const funding = store.loadFundingEvents({
        exchange: 'binanceusdm',
        symbol: 'NMR/USDT:USDT',
        kind: 'funding',
      });
      expect(funding.map((e) => e.rate)).toEqual(RATES);
      const tables = store.db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('series','candle_chunks','funding','open_interest','alt_data','import_runs','risk_state','schema_migrations') ORDER BY name",
        )
        .pluck()
        .all();
      expect(tables).toEqual([...JOURNAL_TABLES].sort());
    } finally {
      store.close();
    }
  });

  it('is applied once: reopening and wrapping the store in a journal changes nothing', async () => {
    const file = path.join(dir, 'twice.db');
    MarketStore.open(file).close();
    const store = MarketStore.open(file);
    try {
      const journal = new SqliteTradeStore(store.db);
      expect(store.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(
        MIGRATIONS.length,
      );
      expect(await journal.listRuns()).toEqual([]);
    } finally {
      store.close();
    }
  });
});

const SNAPSHOT = { score: 0.4, regime: 'high_volatility', signalType: 'momentum' };

/** A store as nmrbot left it before risk decisions were journaled: migrations 1-3, with a finished run. */
function writeV3Store(file: string): void {
  const db = new Database(file);
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  for (const m of MIGRATIONS.filter((x) => x.version <= 3)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
  }
  db.prepare(
    "INSERT INTO runs (id, kind, strategy, exchange, symbol, timeframe, started_at, finished_at, config, synthetic, summary) VALUES ('bt-old-1', 'backtest', 'nmr-playbook', 'binanceusdm', 'NMR/USDT:USDT', '15m', 1, 2, '{\"leverage\":2}', 1, '{\"trades\":1}')",
  ).run();
  db.prepare(
    "INSERT INTO trades VALUES ('bt-old-1', 1, 'NMR/USDT:USDT', 'long', 'momentum', 10, 8.5, 20, 9, 3, 2, 'time_exit', 1.5, 0.02, -0.01, 0, 1.47, 0, 'auto', 'high_volatility', ?)",
  ).run(JSON.stringify(SNAPSHOT));
  db.prepare(
    'INSERT INTO decisions VALUES (\'bt-old-1\', 1, 10, \'target\', \'{"side":"long","tag":"momentum"}\', 8.5)',
  ).run();
  db.prepare("INSERT INTO risk_state VALUES ('default', '{\"version\":1}', 30)").run();
  db.close();
}

describe('migration 4 (risk decisions)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-journal-mig4-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('upgrades an existing v3 store without losing its runs, trades, decisions or risk state', async () => {
    const file = path.join(dir, 'v3.db');
    writeV3Store(file);
    const store = MarketStore.open(file);
    try {
      const journal = new SqliteTradeStore(store.db);
      const versions = store.db
        .prepare('SELECT version FROM schema_migrations ORDER BY version')
        .pluck()
        .all();
      expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await journal.run('bt-old-1')).toMatchObject({
        finishedAt: 2,
        config: { leverage: 2 },
        synthetic: true,
        summary: { trades: 1 },
      });
      expect(await journal.trades('bt-old-1')).toEqual([
        expect.objectContaining({
          netPnl: 1.47,
          funding: -0.01,
          regime: 'high_volatility',
          signalSnapshot: SNAPSHOT,
        }),
      ]);
      expect((await journal.decisions('bt-old-1')).map((d) => d.detail)).toEqual([
        { side: 'long', tag: 'momentum' },
      ]);
      expect(await journal.riskDecisions('bt-old-1')).toEqual([]);
      expect(store.db.prepare('SELECT state FROM risk_state').pluck().all()).toEqual(['{"version":1}']);
    } finally {
      store.close();
    }
  });
});
