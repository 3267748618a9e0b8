import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The real local PostgreSQL the journal tests run against (`.ci/run` starts it): trust auth on
 * 127.0.0.1:5432, database `test`. `NMRBOT_TEST_PG_URL` points elsewhere.
 */
export const PG_TEST_URL = process.env.NMRBOT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Creates the test database when a clean server lacks it (through the `postgres` maintenance database). */
export async function ensureTestDatabase(url: string = PG_TEST_URL): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await client
        .query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`)
        .catch((err: { code?: string }) => {
          if (err.code !== '42P04') throw err; // another test file created it meanwhile
        });
    }
  } finally {
    await client.end();
  }
}

/** A schema of its own for one test: the URL to journal into, and a function that drops the schema. */
export function freshSchema(tag: string): { url: string; schema: string; drop: () => Promise<void> } {
  const schema = `nmrbot_test_${tag}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_TEST_URL);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_TEST_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
