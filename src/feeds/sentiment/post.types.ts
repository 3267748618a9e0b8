import type { EpochMs } from '../../core/index.js';
import type { SourceKind } from './keys.js';

/** One post, topic, article or news item as a source listed it, before scoring. */
export interface SocialPost {
  /** Stable across fetches and sources: `reddit:t3_1abc`, `forum:post:123`, `cryptopanic:456`. */
  readonly id: string;
  readonly kind: SourceKind;
  /** Where it was listed, for de-duplication across sources: `reddit:r/numerai`, `forum.numer.ai`, `rss:medium.com`. */
  readonly origin: string;
  readonly postedAt: EpochMs;
  /** Links that identify it (its page, and for a link post the article it links to). */
  readonly urls: readonly string[];
  readonly title: string;
  /** Body as plain text (HTML already stripped); may be empty. */
  readonly text: string;
  /** Votes, likes, comments or replies as first seen (see engagement.ts). */
  readonly engagement: number;
}

/**
 * A post as the feed keeps it inside its hour's `sentiment_score` payload: enough to de-duplicate and
 * re-aggregate later without the text. Values are as first seen.
 */
export interface ScoredPost {
  readonly id: string;
  readonly kind: SourceKind;
  readonly origin: string;
  readonly postedAt: EpochMs;
  /** Normalised URLs (see dedup.ts). */
  readonly urls: readonly string[];
  /** Normalised title; empty when the post has none (a forum reply). */
  readonly titleKey: string;
  /** The scorer's compound in [-1, 1]. */
  readonly compound: number;
  readonly engagement: number;
  /** Id of the scorer that gave `compound` (e.g. `vader-1.1.3+crypto-numerai.v1`). */
  readonly scorer: string;
}
