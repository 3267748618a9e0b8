import { normaliseTitle, normaliseUrl } from './dedup.js';
import type { ScoredPost, SocialPost } from './post.types.js';
import type { SentimentScorer } from './scorer.types.js';
import { scoredText } from './vader-scorer.js';

/**
 * One post listed twice in a fetch (a Reddit post in both new and search; a forum topic and its
 * first post) becomes one: the earliest time, the title and the longer text either has, the larger
 * engagement, every URL.
 */
export function mergeSameId(a: SocialPost, b: SocialPost): SocialPost {
  return {
    ...a,
    postedAt: Math.min(a.postedAt, b.postedAt) as SocialPost['postedAt'],
    title: a.title !== '' ? a.title : b.title,
    text: b.text.length > a.text.length ? b.text : a.text,
    engagement: Math.max(a.engagement, b.engagement),
    urls: [...new Set([...a.urls, ...b.urls])],
  };
}

/** Fetched posts with each id once (in first-listed order). */
export function uniqueById(posts: readonly SocialPost[]): SocialPost[] {
  const byId = new Map<string, SocialPost>();
  for (const p of posts) {
    const seen = byId.get(p.id);
    byId.set(p.id, seen ? mergeSameId(seen, p) : p);
  }
  return [...byId.values()];
}

/** Scores a post on its title and text and keeps what de-duplication and aggregation need. */
export function scorePost(post: SocialPost, scorer: SentimentScorer): ScoredPost {
  const urls = post.urls.map(normaliseUrl).filter((u): u is string => u !== undefined);
  return {
    id: post.id,
    kind: post.kind,
    origin: post.origin,
    postedAt: post.postedAt,
    urls: [...new Set(urls)],
    titleKey: normaliseTitle(post.title),
    compound: scorer.score(scoredText(post.title, post.text)),
    engagement: post.engagement,
    scorer: scorer.id,
  };
}

/**
 * Stored and freshly fetched posts as one list, each id once. A post already stored stays as first
 * seen (its engagement, its score), unless another scorer scored it: then it is scored again with
 * the current scorer, engagement still as first seen. New posts are scored now.
 */
export function combinePosts(
  stored: readonly ScoredPost[],
  fetched: readonly SocialPost[],
  scorer: SentimentScorer,
): { all: ScoredPost[]; fresh: ScoredPost[] } {
  const byId = new Map(stored.map((p) => [p.id, p]));
  const fresh: ScoredPost[] = [];
  for (const post of fetched) {
    const old = byId.get(post.id);
    if (old !== undefined && old.scorer === scorer.id) continue;
    const scored = scorePost(post, scorer);
    const kept =
      old === undefined ? scored : { ...scored, postedAt: old.postedAt, engagement: old.engagement };
    byId.set(post.id, kept);
    fresh.push(kept);
  }
  return { all: [...byId.values()], fresh };
}
