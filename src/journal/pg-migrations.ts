/**
 * The journal's tables in PostgreSQL: the same tables, columns and meanings as the SQLite
 * migrations of the same version numbers (2 journal, 4 risk decisions, 5 weight changes, 6 operator
 * notes, 7 optimize runs; 1 and 3 hold market data and risk state, which stay in SQLite). Times are epoch ms in
 * BIGINT, money and quantities DOUBLE PRECISION, flags INTEGER 0/1, JSON as text: a row reads back
 * exactly as SQLite gives it. Append new migrations; never edit an applied one.
 */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const CONFIDENCE = 'DOUBLE PRECISION CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1)';

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 2,
    name: 'journal',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('backtest', 'paper', 'live')),
        strategy TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        finished_at BIGINT,
        config TEXT NOT NULL DEFAULT '{}',
        synthetic INTEGER NOT NULL DEFAULT 0,
        summary TEXT
      );
      CREATE INDEX runs_started ON runs (started_at);
      CREATE TABLE orders (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        client_order_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        time BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        type TEXT NOT NULL,
        quantity DOUBLE PRECISION NOT NULL,
        price DOUBLE PRECISION,
        trigger_price DOUBLE PRECISION,
        reduce_only INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        filled_quantity DOUBLE PRECISION NOT NULL DEFAULT 0,
        average_price DOUBLE PRECISION,
        reject_reason TEXT,
        tag TEXT,
        PRIMARY KEY (run_id, client_order_id)
      );
      CREATE INDEX orders_time ON orders (run_id, time);
      CREATE TABLE fills (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        trade_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        client_order_id TEXT NOT NULL,
        time BIGINT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        quantity DOUBLE PRECISION NOT NULL,
        price DOUBLE PRECISION NOT NULL,
        fee DOUBLE PRECISION NOT NULL,
        liquidity TEXT NOT NULL CHECK (liquidity IN ('maker', 'taker')),
        slippage_cost DOUBLE PRECISION NOT NULL DEFAULT 0,
        reduce_only INTEGER NOT NULL DEFAULT 0,
        tag TEXT,
        PRIMARY KEY (run_id, trade_id)
      );
      CREATE INDEX fills_time ON fills (run_id, time);
      CREATE TABLE trades (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        trade_id INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('long', 'short')),
        signal_type TEXT NOT NULL,
        entry_time BIGINT NOT NULL,
        entry_price DOUBLE PRECISION,
        exit_time BIGINT NOT NULL,
        exit_price DOUBLE PRECISION,
        quantity DOUBLE PRECISION NOT NULL,
        leverage DOUBLE PRECISION NOT NULL,
        exit_reason TEXT NOT NULL,
        gross_pnl DOUBLE PRECISION NOT NULL,
        fees DOUBLE PRECISION NOT NULL,
        funding DOUBLE PRECISION NOT NULL,
        slippage_cost DOUBLE PRECISION NOT NULL,
        net_pnl DOUBLE PRECISION NOT NULL,
        liquidated INTEGER NOT NULL DEFAULT 0,
        origin TEXT NOT NULL DEFAULT 'auto' CHECK (origin IN ('auto', 'manual')),
        regime TEXT,
        signal_snapshot TEXT,
        PRIMARY KEY (run_id, trade_id)
      );
      CREATE INDEX trades_time ON trades (run_id, exit_time);
      CREATE TABLE decisions (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time BIGINT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL,
        price DOUBLE PRECISION,
        PRIMARY KEY (run_id, seq)
      );
      CREATE INDEX decisions_time ON decisions (run_id, time);
      CREATE TABLE funding_payments (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        time BIGINT NOT NULL,
        symbol TEXT NOT NULL,
        rate DOUBLE PRECISION NOT NULL,
        interval_hours DOUBLE PRECISION NOT NULL,
        mark_price DOUBLE PRECISION NOT NULL,
        cashflow DOUBLE PRECISION NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (run_id, time, symbol)
      );
      CREATE TABLE liquidations (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        time BIGINT NOT NULL,
        symbol TEXT NOT NULL,
        quantity DOUBLE PRECISION NOT NULL,
        price DOUBLE PRECISION NOT NULL,
        entry_price DOUBLE PRECISION NOT NULL,
        leverage DOUBLE PRECISION NOT NULL,
        realised_pnl DOUBLE PRECISION NOT NULL,
        fee DOUBLE PRECISION NOT NULL,
        margin_returned DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (run_id, time, symbol)
      );
      CREATE TABLE equity (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        time BIGINT NOT NULL,
        equity DOUBLE PRECISION NOT NULL,
        wallet DOUBLE PRECISION NOT NULL,
        unrealised_pnl DOUBLE PRECISION NOT NULL,
        margin_used DOUBLE PRECISION NOT NULL,
        position DOUBLE PRECISION NOT NULL,
        price DOUBLE PRECISION,
        PRIMARY KEY (run_id, time)
      );
      CREATE TABLE run_logs (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time BIGINT NOT NULL,
        message TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      );
      CREATE INDEX run_logs_time ON run_logs (run_id, time);
    `,
  },
  {
    version: 4,
    name: 'risk decisions',
    sql: `
      CREATE TABLE risk_decisions (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time BIGINT NOT NULL,
        symbol TEXT NOT NULL,
        rule TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('resized', 'refused', 'halted', 'resumed', 'flatten')),
        origin TEXT NOT NULL CHECK (origin IN ('auto', 'manual')),
        message TEXT NOT NULL,
        numbers TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      );
      CREATE INDEX risk_decisions_time ON risk_decisions (run_id, time);
    `,
  },
  {
    version: 5,
    name: 'weight changes',
    sql: `
      CREATE TABLE weight_changes (
        id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        time BIGINT NOT NULL,
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
        updated_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'operator notes',
    sql: `
      ALTER TABLE trades ADD COLUMN operator_note TEXT;
      ALTER TABLE trades ADD COLUMN mood TEXT;
      ALTER TABLE trades ADD COLUMN confidence ${CONFIDENCE};
      ALTER TABLE decisions ADD COLUMN operator_note TEXT;
      ALTER TABLE decisions ADD COLUMN mood TEXT;
      ALTER TABLE decisions ADD COLUMN confidence ${CONFIDENCE};
    `,
  },
  {
    version: 7,
    name: 'optimize runs',
    sql: `
      CREATE TABLE optimize_runs (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        finished_at BIGINT,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
        description TEXT NOT NULL,
        UNIQUE (key, seq)
      );
      CREATE TABLE optimize_trials (
        run_id TEXT NOT NULL REFERENCES optimize_runs(id) ON DELETE CASCADE,
        job_id INTEGER NOT NULL,
        params TEXT NOT NULL,
        window_from BIGINT NOT NULL,
        window_to BIGINT NOT NULL,
        score DOUBLE PRECISION,
        rejected TEXT NOT NULL,
        metrics TEXT,
        daily_returns BYTEA NOT NULL,
        equity_time BYTEA,
        equity BYTEA,
        saved_at BIGINT NOT NULL,
        PRIMARY KEY (run_id, job_id)
      );
    `,
  },
];
