import { defaultConfig } from '../../config/index.js';
import type { EpochMs } from '../../core/index.js';
import { AltDataStore, type AltDatum, type MarketStore } from '../../data/index.js';
import { TempStores as SharedTempStores } from '../temp-stores.js';
import type { SentimentFeedConfig, SentimentFetchDeps } from './command.js';
import type { ScoredPost } from './post.types.js';

/** Temporary stores for this feed's tests (prefix `nmrbot-sentiment-`). */
export class TempStores extends SharedTempStores {
  constructor() {
    super('sentiment');
  }
}

/** Test helpers for the sentiment feed: temporary SQLite stores, fast config, hand-made posts. */

/** The default sentiment config with no spacing between requests and 1 ms backoff. */
export const fastConfig = (overrides: Partial<SentimentFeedConfig> = {}): SentimentFeedConfig => ({
  ...defaultConfig().feeds.sentiment,
  minIntervalMs: { reddit: 0, forum: 0, rss: 0, cryptoPanic: 0 },
  backoffMs: 1,
  ...overrides,
});

/** No real sleeping; jitter factor fixed at 0.75. */
export const noWait: SentimentFetchDeps = { sleep: () => Promise.resolve(), random: () => 0.5 };

/** Every stored sentiment row (optionally one key). */
export const rows = (store: MarketStore, key?: string): AltDatum[] =>
  new AltDataStore(store.db).load('sentiment', {}, key);

/** A scored post with defaults for what a test does not care about. */
export function scored(
  over: Omit<Partial<ScoredPost>, 'postedAt'> & { readonly id: string; readonly postedAt: number },
): ScoredPost {
  return {
    kind: 'reddit',
    origin: 'reddit:r/numerai',
    urls: [],
    titleKey: '',
    compound: 0,
    engagement: 0,
    scorer: 'test-scorer',
    ...over,
    postedAt: over.postedAt as EpochMs,
  };
}
