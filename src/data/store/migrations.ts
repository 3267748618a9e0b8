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
  {
    version: 2,
    name: 'journal',
    // Shared by backtest, paper and live runs (and, with the same columns, a PostgreSQL journal).
    // Every row belongs to a run; times are epoch ms; money is USDT; JSON columns hold text.
    // Orders are one row per client order id, updated in place; fills are keyed by the venue's
    // trade id, so replaying a fill changes nothing; `seq` keeps the order events arrived in.
    // Equity holds samples (every n-th bar unless asked for all).
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('backtest', 'paper', 'live')),
        strategy TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        config TEXT NOT NULL DEFAULT '{}',
        synthetic INTEGER NOT NULL DEFAULT 0,
        summary TEXT
      );
      CREATE INDEX runs_started ON runs (started_at);
      CREATE TABLE orders (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        client_order_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        type TEXT NOT NULL,
        quantity REAL NOT NULL,
        price REAL,
        trigger_price REAL,
        reduce_only INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        filled_quantity REAL NOT NULL DEFAULT 0,
        average_price REAL,
        reject_reason TEXT,
        tag TEXT,
        PRIMARY KEY (run_id, client_order_id)
      ) WITHOUT ROWID;
      CREATE INDEX orders_time ON orders (run_id, time);
      CREATE TABLE fills (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        trade_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        client_order_id TEXT NOT NULL,
        time INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        quantity REAL NOT NULL,
        price REAL NOT NULL,
        fee REAL NOT NULL,
        liquidity TEXT NOT NULL CHECK (liquidity IN ('maker', 'taker')),
        slippage_cost REAL NOT NULL DEFAULT 0,
        reduce_only INTEGER NOT NULL DEFAULT 0,
        tag TEXT,
        PRIMARY KEY (run_id, trade_id)
      ) WITHOUT ROWID;
      CREATE INDEX fills_time ON fills (run_id, time);
      CREATE TABLE trades (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        trade_id INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('long', 'short')),
        signal_type TEXT NOT NULL,
        entry_time INTEGER NOT NULL,
        entry_price REAL,
        exit_time INTEGER NOT NULL,
        exit_price REAL,
        quantity REAL NOT NULL,
        leverage REAL NOT NULL,
        exit_reason TEXT NOT NULL,
        gross_pnl REAL NOT NULL,
        fees REAL NOT NULL,
        funding REAL NOT NULL,
        slippage_cost REAL NOT NULL,
        net_pnl REAL NOT NULL,
        liquidated INTEGER NOT NULL DEFAULT 0,
        origin TEXT NOT NULL DEFAULT 'auto' CHECK (origin IN ('auto', 'manual')),
        regime TEXT,
        signal_snapshot TEXT,
        PRIMARY KEY (run_id, trade_id)
      ) WITHOUT ROWID;
      CREATE INDEX trades_time ON trades (run_id, exit_time);
      CREATE TABLE decisions (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL,
        price REAL,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX decisions_time ON decisions (run_id, time);
      CREATE TABLE funding_payments (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        time INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        rate REAL NOT NULL,
        interval_hours REAL NOT NULL,
        mark_price REAL NOT NULL,
        cashflow REAL NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (run_id, time, symbol)
      ) WITHOUT ROWID;
      CREATE TABLE liquidations (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        time INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        quantity REAL NOT NULL,
        price REAL NOT NULL,
        entry_price REAL NOT NULL,
        leverage REAL NOT NULL,
        realised_pnl REAL NOT NULL,
        fee REAL NOT NULL,
        margin_returned REAL NOT NULL,
        PRIMARY KEY (run_id, time, symbol)
      ) WITHOUT ROWID;
      CREATE TABLE equity (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        time INTEGER NOT NULL,
        equity REAL NOT NULL,
        wallet REAL NOT NULL,
        unrealised_pnl REAL NOT NULL,
        margin_used REAL NOT NULL,
        position REAL NOT NULL,
        price REAL,
        PRIMARY KEY (run_id, time)
      ) WITHOUT ROWID;
      CREATE TABLE run_logs (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        message TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX run_logs_time ON run_logs (run_id, time);
    `,
  },
  {
    version: 3,
    name: 'risk state',
    // One row per trading account: the risk engine's snapshot (halts, calm-until, the day's start
    // equity, the equity peak) as JSON text, so a restart keeps its halts.
    sql: `
      CREATE TABLE risk_state (
        account TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'risk decisions',
    // Every refusal, resize, halt, resume and flatten of a run (the risk engine's and the kernel's
    // venue-minimum refusals), in the order they were made: the rule, one sentence, and the numbers
    // that decided it as a JSON object of name -> number (NaN and ±Infinity as the strings 'NaN',
    // 'Infinity', '-Infinity'). `rule` is free text so new rules need no migration.
    sql: `
      CREATE TABLE risk_decisions (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        rule TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('resized', 'refused', 'halted', 'resumed', 'flatten')),
        origin TEXT NOT NULL CHECK (origin IN ('auto', 'manual')),
        message TEXT NOT NULL,
        numbers TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX risk_decisions_time ON risk_decisions (run_id, time);
    `,
  },
  {
    version: 5,
    name: 'weight changes',
    // The weekly review's proposals: the family weights before, the proposed ones, whether they were
    // applied, and the evidence behind them (JSON text). `run_id` names the journal run reviewed (no
    // foreign key: a review outlives the run it read). `current_weights` holds the weights last applied,
    // one row per scope (`default` today), for the live bot to read.
    sql: `
      CREATE TABLE weight_changes (
        id INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,
        run_id TEXT NOT NULL,
        old_weights TEXT NOT NULL,
        proposed TEXT NOT NULL,
        applied INTEGER NOT NULL CHECK (applied IN (0, 1)),
        evidence TEXT NOT NULL
      );
      CREATE INDEX weight_changes_time ON weight_changes (time);
      CREATE TABLE current_weights (
        scope TEXT PRIMARY KEY,
        weights TEXT NOT NULL,
        change_id INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'operator notes',
    // What a human adds to a manual action (NULL on automatic ones): a free-text note, a mood tag (the
    // playbook's "emotional state", free text such as `calm` or `fomo`) and a confidence in [0, 1], on
    // trades and decisions, so the review can compare manual against automatic decisions.
    sql: `
      ALTER TABLE trades ADD COLUMN operator_note TEXT;
      ALTER TABLE trades ADD COLUMN mood TEXT;
      ALTER TABLE trades ADD COLUMN confidence REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1);
      ALTER TABLE decisions ADD COLUMN operator_note TEXT;
      ALTER TABLE decisions ADD COLUMN mood TEXT;
      ALTER TABLE decisions ADD COLUMN confidence REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1);
    `,
  },
  {
    version: 7,
    name: 'optimize runs',
    // `nmrbot optimize` runs and their backtests, so an interrupted run resumes without redoing them.
    // `key` is the SHA-256 of everything that decides the trials (several runs may share it with
    // --no-resume; `seq` orders them). `description` is JSON. A trial's score is REAL (-Infinity for a
    // rejected one; NULL stands for NaN); params, rejected and metrics are JSON with non-finite numbers
    // tagged; daily returns and equity are little-endian float64 blobs (equity NULL when not kept).
    sql: `
      CREATE TABLE optimize_runs (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
        description TEXT NOT NULL,
        UNIQUE (key, seq)
      );
      CREATE TABLE optimize_trials (
        run_id TEXT NOT NULL REFERENCES optimize_runs(id) ON DELETE CASCADE,
        job_id INTEGER NOT NULL,
        params TEXT NOT NULL,
        window_from INTEGER NOT NULL,
        window_to INTEGER NOT NULL,
        score REAL,
        rejected TEXT NOT NULL,
        metrics TEXT,
        daily_returns BLOB NOT NULL,
        equity_time BLOB,
        equity BLOB,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (run_id, job_id)
      ) WITHOUT ROWID;
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
