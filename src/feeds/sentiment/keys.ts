/** Where the feed's data goes in the store: `alt_data` source `sentiment`, one row per key and UTC hour. */

export const SENTIMENT_SOURCE = 'sentiment';

/** Kinds of source whose posts are scored; each gets its own per-hour score. */
export const SOURCE_KINDS = ['reddit', 'forum', 'news'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Per UTC hour (eventTime = hour start, availableAt = hour end or the revision time). */
export const SENTIMENT_KEYS = {
  /** Engagement-weighted mean VADER compound of every post of the hour, in [-1, 1]: the signal's input. */
  score: 'sentiment_score',
  /** Posts counted in the hour (after de-duplication). */
  volume: 'sentiment_volume',
  /** The same mean over Reddit posts only (written when the hour has any). */
  reddit: 'sentiment_reddit',
  /** ... over Numerai forum topics and posts only. */
  forum: 'sentiment_forum',
  /** ... over news (RSS/Atom feeds and CryptoPanic) only. */
  news: 'sentiment_news',
} as const;

export const KIND_KEYS: Readonly<Record<SourceKind, string>> = {
  reddit: SENTIMENT_KEYS.reddit,
  forum: SENTIMENT_KEYS.forum,
  news: SENTIMENT_KEYS.news,
};
