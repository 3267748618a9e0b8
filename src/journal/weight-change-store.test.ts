import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketStore } from '../data/index.js';
import { SqliteWeightChangeStore } from './weight-change-store.js';

describe('SqliteWeightChangeStore', () => {
  let store: MarketStore;
  let changes: SqliteWeightChangeStore;
  beforeEach(() => {
    store = MarketStore.open(':memory:');
    changes = new SqliteWeightChangeStore(store.db);
  });
  afterEach(() => store.close());

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
