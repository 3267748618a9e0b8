import { type EpochMs, HOUR_MS } from '../../core/index.js';
import type { AltDatum } from '../../data/index.js';
import { engagementWeight } from './engagement.js';
import { KIND_KEYS, SENTIMENT_KEYS, SENTIMENT_SOURCE, SOURCE_KINDS, type SourceKind } from './keys.js';
import type { ScoredPost } from './post.types.js';

/** The UTC hour (its start) a time falls in. */
export const hourOf = (t: number): EpochMs => (Math.floor(t / HOUR_MS) * HOUR_MS) as EpochMs;

/** An engagement-weighted mean over some posts. */
export interface WeightedScore {
  /** Σ weight x compound / Σ weight, in [-1, 1]. */
  readonly score: number;
  /** Σ weight. */
  readonly weight: number;
  readonly posts: number;
}

/** One UTC hour of posts and its scores. */
export interface SentimentHour {
  readonly hour: EpochMs;
  /** The hour's posts, by time then id. */
  readonly posts: readonly ScoredPost[];
  readonly all: WeightedScore;
  readonly byKind: Partial<Readonly<Record<SourceKind, WeightedScore>>>;
}

/** The `sentiment_score` payload: the hour's posts as first seen, so later fetches can re-aggregate it. */
export interface ScorePayload {
  readonly posts: number;
  readonly weight: number;
  readonly scorers: readonly string[];
  readonly items: readonly ScoredPost[];
}

function weighted(posts: readonly ScoredPost[]): WeightedScore {
  let sum = 0;
  let weight = 0;
  for (const p of posts) {
    const w = engagementWeight(p.engagement);
    sum += w * p.compound;
    weight += w;
  }
  // A convex combination of values in [-1, 1]; the clamp only absorbs float residue.
  const score = weight > 0 ? Math.max(-1, Math.min(1, sum / weight)) : 0;
  return { score, weight, posts: posts.length };
}

const byTimeThenId = (a: ScoredPost, b: ScoredPost): number =>
  a.postedAt - b.postedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Groups posts by the UTC hour of their post time and scores each hour, oldest hour first. */
export function aggregateHours(posts: readonly ScoredPost[]): SentimentHour[] {
  const groups = new Map<number, ScoredPost[]>();
  for (const p of posts) {
    const hour = hourOf(p.postedAt);
    const group = groups.get(hour);
    if (group) group.push(p);
    else groups.set(hour, [p]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hour, group]) => {
      const sorted = [...group].sort(byTimeThenId);
      const byKind: Partial<Record<SourceKind, WeightedScore>> = {};
      for (const kind of SOURCE_KINDS) {
        const own = sorted.filter((p) => p.kind === kind);
        if (own.length > 0) byKind[kind] = weighted(own);
      }
      return { hour: hour as EpochMs, posts: sorted, all: weighted(sorted), byKind };
    });
}

/**
 * The rows of one hour: `sentiment_score`, `sentiment_volume` and one `sentiment_<kind>` per kind of
 * source with posts. eventTime is the hour's start; availableAt its end, the first moment every post
 * of the hour could have been seen (a revision found later is stamped later, see stampRevisions).
 */
export function hourRows(h: SentimentHour): AltDatum[] {
  const eventTime = h.hour;
  const availableAt = (h.hour + HOUR_MS) as EpochMs;
  const base = { source: SENTIMENT_SOURCE, eventTime, availableAt };
  const payload: ScorePayload = {
    posts: h.all.posts,
    weight: h.all.weight,
    scorers: [...new Set(h.posts.map((p) => p.scorer))].sort(),
    items: h.posts,
  };
  const count = (kind: SourceKind): number => h.byKind[kind]?.posts ?? 0;
  const rows: AltDatum[] = [
    { ...base, key: SENTIMENT_KEYS.score, value: h.all.score, payload },
    {
      ...base,
      key: SENTIMENT_KEYS.volume,
      value: h.all.posts,
      payload: { reddit: count('reddit'), forum: count('forum'), news: count('news') },
    },
  ];
  for (const kind of SOURCE_KINDS) {
    const s = h.byKind[kind];
    if (s)
      rows.push({
        ...base,
        key: KIND_KEYS[kind],
        value: s.score,
        payload: { posts: s.posts, weight: s.weight },
      });
  }
  return rows;
}

const identity = (d: Pick<AltDatum, 'key' | 'eventTime'>): string => `${d.key}|${d.eventTime}`;

/**
 * Rows of an hour that was stored before and now differ (a late post, a displaced duplicate, a
 * source that was down) are revisions: nobody could have known them before this fetch, so they
 * become available at max(hour end, now). Rows of hours seen for the first time keep the hour end,
 * also in a backfill: the known look-ahead of this feed (see docs/feeds.md).
 */
export function stampRevisions(
  rows: readonly AltDatum[],
  stored: readonly AltDatum[],
  now: EpochMs,
): AltDatum[] {
  const old = new Map(stored.map((d) => [identity(d), d]));
  const storedHours = new Set(stored.map((d) => d.eventTime));
  return rows.map((row) => {
    if (!storedHours.has(row.eventTime)) return row;
    const was = old.get(identity(row));
    const same =
      was !== undefined &&
      was.value === row.value &&
      JSON.stringify(was.payload) === JSON.stringify(row.payload);
    return same ? row : { ...row, availableAt: Math.max(row.availableAt, now) as EpochMs };
  });
}
