import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketStore } from '../data/index.js';
import { ensureTestDatabase, freshSchema } from './pg-test-helpers.js';
import { PostgresWeightChangeStore } from './postgres-weight-change-store.js';
import { SqliteWeightChangeStore } from './weight-change-store.js';
import type { WeightChangeStore } from './weight-change.types.js';

interface Harness {
  readonly changes: WeightChangeStore;
  cleanup(): Promise<void>;
}

async function sqlite(): Promise<Harness> {
  const store = MarketStore.open(':memory:');
  return Promise.resolve({
    changes: new SqliteWeightChangeStore(store.db),
    cleanup: () => Promise.resolve(store.close()),
  });
}

/** A schema of its own on the real local PostgreSQL, dropped afterwards. */
async function postgres(): Promise<Harness> {
  await ensureTestDatabase();
  const schema = freshSchema('weights');
  const changes = await PostgresWeightChangeStore.connect(schema.url);
  return {
    changes,
    cleanup: async () => {
      await changes.close();
      await schema.drop();
    },
  };
}

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
])('WeightChangeStore contract: %s', (_name, open) => {
  let h: Harness;
  let changes: WeightChangeStore;
  beforeEach(async () => {
    h = await open();
    changes = h.changes;
  });
  afterEach(async () => h.cleanup());

  const OLD = { price: 0.4, network: 0.35, sentiment: 0.25 };
  const NEW = { price: 0.4, network: 0.3, sentiment: 0.3 };

  it('journals a proposal that was not applied and leaves the current weights unset', async () => {
    const id = await changes.record({
      time: 1000,
      runId: 'bt-1',
      oldWeights: OLD,
      proposed: NEW,
      applied: false,
      evidence: { samples: 3 },
    });
    expect(id).toBe(1);
    expect(await changes.weightChanges()).toEqual([
      {
        id: 1,
        time: 1000,
        runId: 'bt-1',
        oldWeights: OLD,
        proposed: NEW,
        applied: false,
        evidence: { samples: 3 },
      },
    ]);
    expect(await changes.currentWeights(), 'a proposal alone changes nothing the bot reads').toBeUndefined();
  });

  it('makes an applied proposal the current weights, and a later one replaces it', async () => {
    await changes.record({
      time: 1,
      runId: 'a',
      oldWeights: OLD,
      proposed: NEW,
      applied: true,
      evidence: {},
    });
    await changes.record({
      time: 2,
      runId: 'b',
      oldWeights: NEW,
      proposed: OLD,
      applied: false,
      evidence: {},
    });
    expect(await changes.currentWeights()).toEqual({ weights: NEW, changeId: 1, updatedAt: 1 });
    await changes.record({
      time: 3,
      runId: 'c',
      oldWeights: NEW,
      proposed: OLD,
      applied: true,
      evidence: {},
    });
    expect(await changes.currentWeights()).toEqual({ weights: OLD, changeId: 3, updatedAt: 3 });
    expect((await changes.weightChanges()).map((c) => [c.id, c.applied])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
  });
});
