import { describe, expect, it } from 'vitest';
import { type EpochMs, HOUR_MS } from '../../core/index.js';
import { plannedRows } from './hour-plan.js';
import { aggregateHours, hourRows } from './hourly.js';
import { scored } from './test-fixtures.js';

const H9 = Date.UTC(2025, 2, 10, 9);
const H = (n: number): number => H9 + n * HOUR_MS;
const NOW = H(6) as EpochMs;

describe('plannedRows', () => {
  const a = scored({ id: 'a', postedAt: H(0) + 60_000, compound: 0.5 });
  const b = scored({ id: 'b', postedAt: H(2) + 60_000, compound: -0.5, kind: 'news', origin: 'cryptopanic' });

  it('aggregates the hours of fetched posts and gives every other covered hour volume 0', () => {
    const rows = plannedRows({
      kept: [a, b],
      fetchedHours: [H(0), H(2)],
      displacedHours: [],
      coverFrom: H(0),
      openHour: H(4),
      stored: [],
      now: NOW,
    });
    expect(
      rows.map((r) => [(r.eventTime - H9) / HOUR_MS, r.key, r.value, r.availableAt - r.eventTime]),
    ).toEqual([
      [0, 'sentiment_score', 0.5, HOUR_MS],
      [0, 'sentiment_volume', 1, HOUR_MS],
      [0, 'sentiment_reddit', 0.5, HOUR_MS],
      [2, 'sentiment_score', -0.5, HOUR_MS],
      [2, 'sentiment_volume', 1, HOUR_MS],
      [2, 'sentiment_news', -0.5, HOUR_MS],
      [1, 'sentiment_volume', 0, HOUR_MS],
      [3, 'sentiment_volume', 0, HOUR_MS],
    ]);
  });

  it('zeroes a stored hour whose only post turned out to duplicate an earlier one, as a revision', () => {
    const [h2] = aggregateHours([b]);
    const stored = h2 ? hourRows(h2) : [];
    const rows = plannedRows({
      kept: [a],
      fetchedHours: [H(0)],
      displacedHours: [H(2)],
      coverFrom: undefined,
      openHour: H(4),
      stored,
      now: NOW,
    });
    const hour2 = rows.filter((r) => r.eventTime === H(2));
    expect(hour2.map((r) => [r.key, r.value, r.availableAt])).toEqual([
      ['sentiment_score', 0, NOW],
      ['sentiment_volume', 0, NOW],
    ]);
    expect(hour2[0]?.payload).toEqual({ posts: 0, weight: 0, scorers: [], items: [] });
  });
});
