import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { TradeStore } from './journal.types.js';
import { JournalUrlError } from './pg-connection.js';
import { PostgresTradeStore } from './postgres-trade-store.js';
import { SqliteTradeStore } from './sqlite-trade-store.js';

/**
 * The journal `journal.url` names: `postgres://...` (PostgreSQL), `sqlite:<path>` (a SQLite file of
 * its own); undefined: the market store's database (`marketDb()`, which the caller keeps and closes).
 * `close()` on the result releases what this function opened.
 */
export async function openTradeStore(
  url: string | undefined,
  marketDb: () => Database.Database,
): Promise<TradeStore> {
  if (url === undefined) return new SqliteTradeStore(marketDb());
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return PostgresTradeStore.connect(url);
  if (url.startsWith('sqlite:')) return openSqliteFile(url.slice('sqlite:'.length));
  throw new JournalUrlError('journal.url: must be sqlite:<path> or postgres://user@host:port/db');
}

function openSqliteFile(file: string): TradeStore {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir))
    throw new JournalUrlError(`journal.url: folder ${dir} of sqlite:${file} does not exist`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const store = new SqliteTradeStore(db);
  store.close = () => {
    db.close();
    return Promise.resolve();
  };
  return store;
}
