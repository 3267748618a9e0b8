import pg from 'pg';
import { NmrbotError } from '../core/index.js';
import { PG_MIGRATIONS } from './pg-migrations.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

/** The schema journal tables go to when the URL names none (`?schema=<name>` picks another). */
export const DEFAULT_PG_SCHEMA = 'nmrbot';

/** A `journal.url` that is malformed or names a server nmrbot cannot use; the message never holds the password. */
export class JournalUrlError extends NmrbotError {
  override readonly name = 'JournalUrlError';
  readonly code = 'JOURNAL_URL';
}

/** The URL with its password (if any) replaced by `[redacted]`, safe to print. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^/:@\s]*:)[^@\s]*@/, '$1[redacted]@');
}

/** `text` with every occurrence of the URL's password (and the URL itself) replaced, for error messages. */
function scrub(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  const password = passwordOf(url);
  if (password) out = out.split(password).join('[redacted]');
  return out;
}

function passwordOf(url: string): string | undefined {
  try {
    const p = new URL(url).password;
    return p === '' ? undefined : decodeURIComponent(p);
  } catch {
    return undefined;
  }
}

export interface PgTarget {
  /** The connection string handed to `pg` (the `schema` parameter removed). */
  readonly connectionString: string;
  readonly schema: string;
}

/** Splits a `postgres://` URL into what `pg` connects to and the journal's schema. */
export function parsePgUrl(url: string): PgTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new JournalUrlError(
      `journal.url: ${redactUrl(url)} is not a URL (expected postgres://user@host:port/db)`,
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new JournalUrlError(`journal.url: ${redactUrl(url)} is not a postgres:// URL`);
  }
  const schema = parsed.searchParams.get('schema') ?? DEFAULT_PG_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new JournalUrlError(
      `journal.url: schema "${schema}" must be lower-case letters, digits and _ (not starting with a digit)`,
    );
  }
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

/** BIGINT (epoch ms, counts) as a JS number, like SQLite gives it; every other type as `pg` parses it. */
function journalTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', (v: string) => Number(v));
  return types;
}

/**
 * Opens a pool on the URL's database with `search_path` set to the journal's schema, creates the
 * schema and brings its tables up to date (under an advisory lock, so two processes starting at once
 * do not both migrate). Any failure names `journal.url` without the password.
 */
export async function openJournalPool(
  url: string,
  options: { connectTimeoutMs?: number } = {},
): Promise<pg.Pool> {
  const target = parsePgUrl(url);
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    options: `-c search_path=${target.schema}`,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types: journalTypes(),
  });
  pool.on('error', () => undefined); // an idle client's dropped connection; the next query reports it
  try {
    await migratePg(pool, target.schema);
  } catch (err) {
    await pool.end().catch(() => undefined);
    const reason =
      err instanceof Error ? err.message || (err as { code?: string }).code || err.name : String(err);
    throw new JournalUrlError(
      `journal.url: cannot use PostgreSQL at ${redactUrl(url)}: ${scrub(reason, url)}`,
    );
  }
  return pool;
}

async function migratePg(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`nmrbot-journal:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const newest = Math.max(...PG_MIGRATIONS.map((m) => m.version));
    const known = Math.max(0, ...applied);
    if (known > newest) {
      throw new Error(
        `journal schema version ${known} is newer than this nmrbot (${newest}); upgrade nmrbot`,
      );
    }
    for (const m of PG_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
