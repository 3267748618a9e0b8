import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Versioned schema. Append new migrations; never edit an applied one.
 *
 * Layout: `series` names every stored series (exchange, symbol, kind, timeframe). Candles and mark
 * candles live in `candle_chunks`, columnar blobs of up to one chunk span each (1440 bars), which keeps
 * loads at memory speed; funding and open interest are small and stored a row per event. Every later
 * table (alternative data, journal) refers to a series by `series_id` or to exchange/symbol, and to
 * times as epoch ms, so joins line up on the same keys.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'market data',
    sql: `
      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('candles', 'mark', 'funding', 'oi')),
        timeframe TEXT NOT NULL DEFAULT '',
        synthetic INTEGER NOT NULL DEFAULT 0,
        source TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (exchange, symbol, kind, timeframe)
      );
      CREATE TABLE candle_chunks (
        series_id INTEGER NOT NULL REFERENCES series(id),
        chunk_start INTEGER NOT NULL,
        first_time INTEGER NOT NULL,
        last_time INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (series_id, chunk_start)
      ) WITHOUT ROWID;
      CREATE TABLE funding (
        series_id INTEGER NOT NULL REFERENCES series(id),
        time INTEGER NOT NULL,
        rate REAL NOT NULL,
        mark_price REAL,
        interval_hours REAL,
        PRIMARY KEY (series_id, time)
      ) WITHOUT ROWID;
      CREATE TABLE open_interest (
        series_id INTEGER NOT NULL REFERENCES series(id),
        time INTEGER NOT NULL,
        amount REAL NOT NULL,
        value REAL,
        PRIMARY KEY (series_id, time)
      ) WITHOUT ROWID;
      CREATE TABLE alt_data (
        source TEXT NOT NULL,
        key TEXT NOT NULL,
        event_time INTEGER NOT NULL,
        available_at INTEGER NOT NULL,
        value REAL,
        payload TEXT,
        synthetic INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source, key, event_time)
      );
      CREATE INDEX alt_data_available ON alt_data (source, available_at);
      CREATE TABLE import_runs (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        origin TEXT NOT NULL,
        series_id INTEGER REFERENCES series(id),
        rows_inserted INTEGER NOT NULL,
        rows_updated INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        report TEXT
      );
    `,
  },
];

export function migrate(db: Database.Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const newest = Math.max(0, ...MIGRATIONS.map((m) => m.version));
  const known = Math.max(0, ...applied);
  if (known > newest) {
    throw new Error(`store schema version ${known} is newer than this nmrbot (${newest}); upgrade nmrbot`);
  }
  const apply = db.transaction((m: Migration) => {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      m.version,
      m.name,
      Date.now(),
    );
  });
  for (const m of MIGRATIONS) if (!applied.has(m.version)) apply(m);
  return newest;
}
