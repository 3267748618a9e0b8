import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { JournalUrlError } from '../../journal/pg-connection.js';
import type { OptimizeStore } from './optimize-store.types.js';
import { PostgresOptimizeStore } from './postgres-optimize-store.js';
import { SqliteOptimizeStore } from './sqlite-optimize-store.js';

/**
 * The optimize store where the journal is (`openJournal`'s rules): `journal.url` unset: the market
 * store's database (`marketDb()`, which the caller keeps and closes); `sqlite:<path>`: that file;
 * `postgres://...`: PostgreSQL, the journal's schema. Errors name `journal.url`, never a password.
 */
export async function openOptimizeStore(
  url: string | undefined,
  marketDb: () => Database.Database,
): Promise<OptimizeStore> {
  if (url === undefined) return new SqliteOptimizeStore(marketDb());
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return PostgresOptimizeStore.connect(url);
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir))
      throw new JournalUrlError(`journal.url: folder ${dir} of sqlite:${file} does not exist`);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    return new SqliteOptimizeStore(db, { owned: true });
  }
  throw new JournalUrlError('journal.url: must be sqlite:<path> or postgres://user@host:port/db');
}
