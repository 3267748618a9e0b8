import { describe, expect, it } from 'vitest';
import { type EpochMs, HOUR_MS } from '../../core/index.js';
import type { AltDatum } from '../../data/index.js';
import { aggregateHours, hourOf, hourRows, stampRevisions } from './hourly.js';
import { scored } from './test-fixtures.js';

const H9 = Date.UTC(2025, 2, 10, 9);
const H10 = H9 + HOUR_MS;
const min = (m: number): number => m * 60_000;

/**
 * Hour 09:00 (hand-worked):
 *   reddit  +0.5  engagement 0 -> weight 1
 *   reddit  -0.25 engagement 3 -> weight 1 + ln 4 = 2.386294361119891
 *   forum   +0.8  engagement 0 -> weight 1
 * all:    (0.5 - 0.25 x 2.386294361119891 + 0.8) / 4.386294361119891 = 0.7034264097200273 / 4.386294361119891
 *       = 0.16036928...
 * reddit: (0.5 - 0.596573590279973) / 3.386294361119891 = -0.028518814...
 * Hour 10:00: one news item -0.6 with 1 vote -> weight 1 + ln 2; score -0.6.
 */
const posts = [
  scored({ id: 'r1', postedAt: H9 + min(5), compound: 0.5 }),
  scored({ id: 'r2', postedAt: H9 + min(40), compound: -0.25, engagement: 3 }),
  scored({ id: 'f1', postedAt: H9 + min(59) + 59_999, kind: 'forum', origin: 'forum:x', compound: 0.8 }),
  scored({ id: 'n1', postedAt: H10, kind: 'news', origin: 'cryptopanic', compound: -0.6, engagement: 1 }),
];

describe('hourOf', () => {
  it('puts a time into the UTC hour that contains it', () => {
    expect(hourOf(H9)).toBe(H9);
    expect(hourOf(H10 - 1)).toBe(H9);
  });
});

describe('aggregateHours', () => {
  const [h9, h10] = aggregateHours([...posts].reverse());

  it('groups by the UTC hour of the post time, oldest hour first, posts by time', () => {
    expect(h9?.hour).toBe(H9);
    expect(h9?.posts.map((p) => p.id)).toEqual(['r1', 'r2', 'f1']);
    expect(h10?.hour).toBe(H10);
    expect(h10?.posts.map((p) => p.id)).toEqual(['n1']);
  });

  it('scores an hour as the engagement-weighted mean compound (hand-worked)', () => {
    const w = 1 + Math.log(4);
    expect(w).toBeCloseTo(2.386294361119891, 15);
    expect(h9?.all.weight).toBeCloseTo(4.386294361119891, 14);
    expect(h9?.all.score).toBeCloseTo(0.7034264097200273 / 4.386294361119891, 14);
    expect(h9?.all.score).toBeCloseTo(0.160369, 6);
    expect(h9?.byKind.reddit?.score).toBeCloseTo(-0.096573590279973 / 3.386294361119891, 14);
    expect(h9?.byKind.reddit?.score).toBeCloseTo(-0.028519, 6);
    expect(h9?.byKind.forum).toEqual({ score: 0.8, weight: 1, posts: 1 });
    expect(h9?.byKind.news).toBeUndefined();
    expect(h10?.all.score).toBeCloseTo(-0.6, 15);
    expect(h10?.all).toMatchObject({ weight: 1 + Math.log(2), posts: 1 });
  });

  it('stays within [-1, 1] whatever the weights', () => {
    const extreme = aggregateHours([
      scored({ id: 'a', postedAt: H9, compound: 1, engagement: 1e9 }),
      scored({ id: 'b', postedAt: H9, compound: 1 }),
    ]);
    expect(extreme[0]?.all.score).toBe(1);
  });
});

describe('hourRows', () => {
  const [h9] = aggregateHours(posts);
  const rows = h9 ? hourRows(h9) : [];
  const byKey = (key: string): AltDatum | undefined => rows.find((r) => r.key === key);

  it('writes score, volume and one score per kind of source present, at the hour start', () => {
    expect(rows.map((r) => r.key)).toEqual([
      'sentiment_score',
      'sentiment_volume',
      'sentiment_reddit',
      'sentiment_forum',
    ]);
    for (const r of rows) expect(r).toMatchObject({ source: 'sentiment', eventTime: H9 });
    expect(byKey('sentiment_volume')).toMatchObject({ value: 3, payload: { reddit: 2, forum: 1, news: 0 } });
    expect(byKey('sentiment_forum')).toMatchObject({ value: 0.8, payload: { posts: 1, weight: 1 } });
  });

  it("makes every row available at the hour's end, when its last post could have been seen", () => {
    for (const r of rows) expect(r.availableAt).toBe(H10);
  });

  it('keeps the posts as first seen in the score payload, so a later fetch can re-aggregate the hour', () => {
    expect(byKey('sentiment_score')?.payload).toEqual({
      posts: 3,
      weight: 1 + (1 + Math.log(4)) + 1,
      scorers: ['test-scorer'],
      items: h9?.posts,
    });
  });
});

describe('stampRevisions', () => {
  const now = (H10 + 5 * HOUR_MS) as EpochMs;
  const [h9] = aggregateHours(posts.slice(0, 2));
  const before = h9 ? hourRows(h9) : [];
  const [h9b] = aggregateHours(posts.slice(0, 3));
  const after = h9b ? hourRows(h9b) : [];

  it('leaves rows of an hour seen for the first time at the hour end (a backfill too)', () => {
    expect(stampRevisions(after, [], now).map((r) => r.availableAt)).toEqual(after.map(() => H10));
  });

  it('leaves unchanged rows alone and stamps changed or new rows of a stored hour with the fetch time', () => {
    const stamped = stampRevisions(after, before, now);
    const at = Object.fromEntries(stamped.map((r) => [r.key, r.availableAt]));
    expect(at).toEqual({
      sentiment_score: now,
      sentiment_volume: now,
      sentiment_reddit: H10,
      sentiment_forum: now,
    });
  });

  it('never stamps a revision earlier than the hour end', () => {
    const early = (H9 + min(30)) as EpochMs;
    expect(stampRevisions(after, before, early).every((r) => r.availableAt === H10)).toBe(true);
  });
});
