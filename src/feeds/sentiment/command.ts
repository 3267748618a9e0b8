import { type EpochMs, VenueTemporaryError, WallClock, isoTime } from '../../core/index.js';
import { AltDataStore, type AltDatum, type MarketStore } from '../../data/index.js';
import type { FeedCommand, FeedFetchOptions, FeedFetchSummary } from '../feed.types.js';
import { dedupePosts } from './dedup.js';
import { fetchScope, describeScope, type SentimentScope } from './fetch-scope.js';
import { hourOf } from './hourly.js';
import { plannedRows } from './hour-plan.js';
import { PoliteHttpClient, type PoliteClientOptions } from './http/polite-client.js';
import { SENTIMENT_KEYS } from './keys.js';
import { loadLexicon } from './lexicon.js';
import { type SentimentFeedConfig, planListings } from './listings.js';
import type { SocialPost } from './post.types.js';
import type { SentimentScorer } from './scorer.types.js';
import { combinePosts, uniqueById } from './score-posts.js';
import type { Listing } from './sources/wire.js';
import { readStored } from './stored-posts.js';
import { createVaderScorer } from './vader-scorer.js';

export type { SentimentFeedConfig } from './listings.js';

/** Test seams: waits, jitter, the clock of rate limits, the environment the token is read from, the scorer. */
export interface SentimentFetchDeps extends Pick<
  PoliteClientOptions,
  'sleep' | 'random' | 'onRetry' | 'clock'
> {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly scorer?: SentimentScorer;
}

interface ListingOutcome {
  readonly listing: Listing;
  readonly posts: readonly SocialPost[];
  readonly line: string;
  readonly failed: boolean;
  readonly warning?: string;
}

async function readListings(
  client: PoliteHttpClient,
  listings: readonly Listing[],
  scope: SentimentScope,
  maxPages: number,
  onProgress: FeedFetchOptions['onProgress'],
): Promise<ListingOutcome[]> {
  let done = 0;
  return Promise.all(
    listings.map(async (listing): Promise<ListingOutcome> => {
      try {
        const r = await listing.read({ client, from: scope.from, maxPages });
        const notes = (r.notes ?? []).map((n) => client.scrub(n));
        const line = `${listing.label}: ${r.posts.length} posts (${r.pages} ${r.pages === 1 ? 'page' : 'pages'})`;
        const warning = notes.length > 0 ? { warning: notes.join('; ') } : {};
        return { listing, posts: r.posts, line, failed: false, ...warning };
      } catch (err) {
        const message = client.scrub(err instanceof Error ? err.message : String(err));
        return { listing, posts: [], line: `${listing.label}: failed`, failed: true, warning: message };
      } finally {
        onProgress?.(++done, listings.length, 'listings');
      }
    }),
  );
}

/**
 * One `nmrbot data fetch sentiment`: every configured listing is read (concurrently; requests to one
 * host spaced by `minIntervalMs`), posts are scored, merged with the posts stored before (as first
 * seen), de-duplicated across sources, and every complete UTC hour they touch is aggregated and
 * upserted. A listing that fails becomes a warning and the others still count; only when every
 * listing fails does the fetch throw.
 */
export async function fetchSentiment(
  store: MarketStore,
  cfg: SentimentFeedConfig,
  options: FeedFetchOptions,
  deps: SentimentFetchDeps = {},
): Promise<FeedFetchSummary> {
  const now = (options.now ?? new WallClock().now()) as EpochMs;
  const scorer = deps.scorer ?? createVaderScorer(loadLexicon());
  const client = new PoliteHttpClient({
    userAgent: cfg.userAgent,
    timeoutMs: cfg.timeoutMs,
    retries: cfg.retries,
    backoffMs: cfg.backoffMs,
    sleep: deps.sleep,
    random: deps.random,
    onRetry: deps.onRetry,
    clock: deps.clock,
  });
  const { listings, skipped } = planListings(cfg, options.baseUrl, deps.env ?? process.env);
  for (const l of listings) client.setMinInterval(l.url, cfg.minIntervalMs[l.interval]);

  const alt = new AltDataStore(store.db);
  const stored = readStored(alt);
  const scope = fetchScope(stored.lastHour, options.since, cfg.rereadHours);
  const outcomes = await readListings(client, listings, scope, cfg.maxPages, options.onProgress);
  const warnings = outcomes.flatMap((o) => (o.warning === undefined ? [] : [o.warning]));
  if (listings.length > 0 && outcomes.every((o) => o.failed)) {
    throw new VenueTemporaryError(`sentiment: every source failed: ${warnings.join('; ')}`);
  }

  // Only complete hours from the scope on: the current hour waits for the next fetch.
  const openHour = hourOf(now);
  const listed = uniqueById(outcomes.flatMap((o) => o.posts));
  const inScope = listed.filter((p) => scope.from === undefined || p.postedAt >= scope.from);
  const fetched = inScope.filter((p) => hourOf(p.postedAt) < openHour);
  const { all, fresh } = combinePosts(stored.posts, fetched, scorer);
  const { kept, dropped } = dedupePosts(all);

  const storedIds = new Set(stored.posts.map((p) => p.id));
  const added = kept.filter((p) => !storedIds.has(p.id)).length;
  const rescored = fresh.filter((p) => storedIds.has(p.id)).length;
  const rows = plannedRows({
    kept,
    fetchedHours: fetched.map((p) => hourOf(p.postedAt)),
    displacedHours: dropped.filter((d) => storedIds.has(d.post.id)).map((d) => hourOf(d.post.postedAt)),
    coverFrom: coverageStart(scope, stored.firstHour, listed),
    openHour,
    stored: stored.rows,
    now,
  });
  const counts = store.transaction(() => alt.upsert(rows));

  const lines = [
    `sentiment: ${describeScope(scope)}; scorer ${scorer.id}`,
    ...outcomes.map((o) => o.line),
    ...skipped,
    `posts: ${listed.length} listed, ${fetched.length} in complete hours in range, ${added} new, ` +
      `${rescored} scored again by ${scorer.id}, ${dropped.length} duplicates counted once`,
    describeHours(rows),
  ];
  const pending = inScope.length - fetched.length;
  if (pending > 0) lines.push(`${pending} posts of the current hour wait for the next fetch`);
  return { feed: 'sentiment', ...counts, lines, warnings };
}

/**
 * The first hour this fetch can vouch for: where its scope starts, but not before the oldest post
 * the listings reached (a listing cut by maxPages saw nothing older), and for an incremental fetch
 * not before the stored history begins.
 */
function coverageStart(
  scope: SentimentScope,
  firstStored: EpochMs | undefined,
  listed: readonly SocialPost[],
): number | undefined {
  if (listed.length === 0) return undefined;
  const reached = hourOf(listed.reduce((m, p) => Math.min(m, p.postedAt), Infinity));
  const floor = scope.mode === 'incremental' ? Math.max(scope.from, firstStored ?? scope.from) : scope.from;
  return Math.max(reached, floor ?? reached);
}

function describeHours(rows: readonly AltDatum[]): string {
  const hours = [...new Set(rows.map((r) => r.eventTime))];
  if (hours.length === 0) return 'hours aggregated: none';
  const withPosts = rows.filter((r) => r.key === SENTIMENT_KEYS.volume && (r.value ?? 0) > 0).length;
  return (
    `hours aggregated: ${hours.length}, ${withPosts} with posts ` +
    `(${isoTime(hours.reduce((m, t) => Math.min(m, t), Infinity))} to ` +
    `${isoTime(hours.reduce((m, t) => Math.max(m, t), -Infinity))})`
  );
}

/** `nmrbot data fetch sentiment`. */
export const sentimentFeed: FeedCommand = {
  name: 'sentiment',
  description:
    'Reddit, the Numerai forum, RSS/Atom and CryptoPanic scored with VADER + a crypto/Numerai lexicon into hourly sentiment_score',
  fetch: (store, config, options) => fetchSentiment(store, config.feeds.sentiment, options),
};
