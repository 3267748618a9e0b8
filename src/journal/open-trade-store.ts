import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { TradeStore } from './journal.types.js';
import { JournalUrlError } from './pg-connection.js';
import { PostgresTradeStore } from './postgres-trade-store.js';
import { PostgresWeightChangeStore } from './postgres-weight-change-store.js';
import { SqliteTradeStore } from './sqlite-trade-store.js';
import { SqliteWeightChangeStore } from './weight-change-store.js';
import type { WeightChangeStore } from './weight-change.types.js';

/** The journal a command writes and reads: trades and runs, and the weekly review's weight changes. */
export interface Journal {
  readonly trades: TradeStore;
  readonly changes: WeightChangeStore;
  /** Releases what `openJournal` opened (not the market store's database). */
  close(): Promise<void>;
}

/**
 * The journal `journal.url` names: `postgres://...` (PostgreSQL, one pool for both stores),
 * `sqlite:<path>` (a SQLite file of its own); undefined: the market store's database (`marketDb()`,
 * which the caller keeps and closes). Errors name `journal.url`, never a password.
 */
export async function openJournal(
  url: string | undefined,
  marketDb: () => Database.Database,
): Promise<Journal> {
  if (url === undefined) {
    const db = marketDb();
    return {
      trades: new SqliteTradeStore(db),
      changes: new SqliteWeightChangeStore(db),
      close: () => Promise.resolve(),
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const trades = await PostgresTradeStore.connect(url);
    return { trades, changes: new PostgresWeightChangeStore(trades.pool), close: () => trades.pool.end() };
  }
  if (url.startsWith('sqlite:')) return openSqliteFile(url.slice('sqlite:'.length));
  throw new JournalUrlError('journal.url: must be sqlite:<path> or postgres://user@host:port/db');
}

/** The trade side of `openJournal`; its `close()` releases the whole journal. */
export async function openTradeStore(
  url: string | undefined,
  marketDb: () => Database.Database,
): Promise<TradeStore> {
  const journal = await openJournal(url, marketDb);
  const trades = journal.trades;
  trades.close = () => journal.close();
  return trades;
}

function openSqliteFile(file: string): Journal {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir))
    throw new JournalUrlError(`journal.url: folder ${dir} of sqlite:${file} does not exist`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  return {
    trades: new SqliteTradeStore(db),
    changes: new SqliteWeightChangeStore(db),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}
