export {
  sentimentFeed,
  fetchSentiment,
  type SentimentFeedConfig,
  type SentimentFetchDeps,
} from './command.js';
export { SENTIMENT_SOURCE, SENTIMENT_KEYS, SOURCE_KINDS, type SourceKind } from './keys.js';
export type { SocialPost, ScoredPost } from './post.types.js';
export type { SentimentScorer } from './scorer.types.js';
export { createVaderScorer, scoredText, MAX_SCORED_CHARS } from './vader-scorer.js';
export {
  loadLexicon,
  parseLexicon,
  defaultLexiconFile,
  SHIPPED_LEXICON,
  type SentimentLexicon,
} from './lexicon.js';
export { engagementWeight } from './engagement.js';
export {
  dedupePosts,
  normaliseTitle,
  normaliseUrl,
  TITLE_DEDUP_WINDOW_MS,
  MIN_TITLE_WORDS,
  type DedupResult,
} from './dedup.js';
export {
  aggregateHours,
  hourRows,
  hourOf,
  stampRevisions,
  type SentimentHour,
  type WeightedScore,
  type ScorePayload,
} from './hourly.js';
export { stripHtml, decodeEntities } from './html-text.js';
export { PoliteHttpClient, maskUrl, type PoliteClientOptions } from './http/polite-client.js';
export { parseFeed, type FeedItem } from './sources/rss-parse.js';
export { fetchScope, describeScope, type SentimentScope } from './fetch-scope.js';
export { planListings, rebase } from './listings.js';
