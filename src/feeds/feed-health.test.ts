import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../core/index.js';
import { feedHealth } from './feed-health.js';

const H = 3_600_000;
const NOW = Date.UTC(2026, 0, 10);
const span = (source: string, hoursOld: number) => ({
  source,
  key: 'k',
  rows: 3,
  firstEvent: (NOW - 100 * H) as EpochMs,
  lastEvent: (NOW - hoursOld * H) as EpochMs,
  lastAvailable: (NOW - hoursOld * H) as EpochMs,
  synthetic: false,
});

describe('feedHealth', () => {
  it('is ok, stale, empty or disabled by the newest availableAt against each feed limit', () => {
    const health = feedHealth(
      [span('numerai', 24 * 9), span('onchain', 6.5), span('calendar', 5000)],
      { numerai: true, onchain: true, sentiment: true },
      NOW,
    );
    expect(health.map((h) => [h.feed, h.state, h.rows])).toEqual([
      ['numerai', 'ok', 3],
      ['onchain', 'stale', 3],
      ['sentiment', 'empty', 0],
      ['calendar', 'ok', 3],
    ]);
    expect(health[1]?.message).toBe(
      'newest datum is 6.5 h old (stale after 6 h): the network family stays neutral until nmrbot data fetch onchain brings fresh data',
    );
    const off = feedHealth([], { numerai: true, onchain: true, sentiment: false }, NOW);
    expect(off[2]?.state).toBe('disabled');
  });
});
