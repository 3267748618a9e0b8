import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketStore } from '../data/index.js';
import type { TradeStore } from './journal.types.js';
import { JournalUrlError } from './pg-connection.js';
import { PG_TEST_URL, ensureTestDatabase, freshSchema } from './pg-test-helpers.js';
import { PostgresTradeStore } from './postgres-trade-store.js';
import { SqliteTradeStore } from './sqlite-trade-store.js';
import { journalFixtureBacktest, storeFixtureMarket } from './test-journal-fixture.js';
import { tradeStoreContract } from './trade-store-contract.js';

beforeAll(async () => {
  await ensureTestDatabase();
});

tradeStoreContract('PostgreSQL', async () => {
  const schema = freshSchema('contract');
  const store = await PostgresTradeStore.connect(schema.url);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await schema.drop();
    },
  };
});

/** Everything journaled under a run, read through the `TradeStore` interface. */
async function everything(store: TradeStore, runId: string): Promise<Record<string, unknown>> {
  return {
    run: await store.run(runId),
    orders: await store.orders(runId),
    fills: await store.fills(runId),
    trades: await store.trades(runId),
    decisions: await store.decisions(runId),
    riskDecisions: await store.riskDecisions(runId),
    funding: await store.fundingPayments(runId),
    liquidations: await store.liquidations(runId),
    equity: await store.equity(runId),
    logs: await store.logs(runId),
  };
}

describe('PostgresTradeStore against SQLite', () => {
  const schema = freshSchema('same');
  let market: MarketStore;
  let pgStore: PostgresTradeStore;
  beforeAll(async () => {
    market = MarketStore.open(':memory:');
    storeFixtureMarket(market);
    pgStore = await PostgresTradeStore.connect(schema.url);
  });
  afterAll(async () => {
    await pgStore.close();
    await schema.drop();
    market.close();
  });

  it('journals the same synthetic backtest to the same rows, to the last digit', async () => {
    const viaSqlite = await journalFixtureBacktest(market, new SqliteTradeStore(market.db));
    const viaPg = await journalFixtureBacktest(market, pgStore);
    expect(viaPg.runId, 'deterministic ids agree').toBe(viaSqlite.runId);
    const a = await everything(new SqliteTradeStore(market.db), viaSqlite.runId);
    const b = await everything(pgStore, viaPg.runId);
    expect(b).toEqual(a);
    // The fixture must exercise every table the comparison is about.
    expect(viaSqlite.result.trades.length).toBe(3);
    for (const key of [
      'orders',
      'fills',
      'trades',
      'decisions',
      'riskDecisions',
      'funding',
      'equity',
      'logs',
    ]) {
      expect((a[key] as unknown[]).length, key).toBeGreaterThan(0);
    }
    expect((a.run as { synthetic: boolean }).synthetic, 'the run is labelled synthetic').toBe(true);
  });
});

describe('a journal.url PostgreSQL cannot serve', () => {
  const secret = 's3cr3t-Pa55';

  it('names journal.url and hides the password when the server is unreachable', async () => {
    const url = `postgres://nmrbot:${secret}@127.0.0.1:1/nmrbot`;
    const err = await PostgresTradeStore.connect(url, { connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalUrlError);
    const message = (err as Error).message;
    expect(message).toMatch(
      /^journal\.url: cannot use PostgreSQL at postgres:\/\/nmrbot:\[redacted\]@127\.0\.0\.1:1\/nmrbot: /,
    );
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain(secret);
  });

  it('names journal.url and hides the password when the database does not exist', async () => {
    const url = new URL(PG_TEST_URL);
    url.password = secret;
    url.pathname = '/no_such_database_nmrbot';
    const err = await PostgresTradeStore.connect(url.toString()).catch((e: unknown) => e);
    const message = (err as Error).message;
    expect(message).toContain('journal.url: cannot use PostgreSQL at');
    expect(message).toContain('database "no_such_database_nmrbot" does not exist');
    expect(message).not.toContain(secret);
  });

  it('refuses a URL that is not postgres:// or names a bad schema, before connecting', async () => {
    await expect(PostgresTradeStore.connect(`mysql://u:${secret}@h/db`)).rejects.toThrow(
      'journal.url: mysql://u:[redacted]@h/db is not a postgres:// URL',
    );
    await expect(PostgresTradeStore.connect('postgres://h/db?schema=Drop;Table')).rejects.toThrow(
      'journal.url: schema "Drop;Table" must be lower-case letters',
    );
  });
});
