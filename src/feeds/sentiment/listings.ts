import { Secret } from '../../config/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import { cryptoPanicListing } from './sources/cryptopanic.js';
import { forumPostsListing, forumTopicsListing } from './sources/discourse.js';
import { redditListing } from './sources/reddit.js';
import { rssListing } from './sources/rss.js';
import type { Listing } from './sources/wire.js';

export type SentimentFeedConfig = NmrbotConfig['feeds']['sentiment'];

/**
 * `url` on `baseUrl`'s origin (and under its path): `--base-url http://127.0.0.1:8080` sends every
 * source to one local double, each keeping its own path.
 */
export function rebase(url: string, baseUrl: string | undefined): string {
  if (baseUrl === undefined) return url;
  const from = new URL(url);
  const to = new URL(baseUrl);
  const prefix = to.pathname.replace(/\/+$/, '');
  return `${to.origin}${prefix}${from.pathname === '/' ? '' : from.pathname}${from.search}`;
}

export interface PlannedListings {
  readonly listings: readonly Listing[];
  /** Sources left out and why (CryptoPanic without a token). */
  readonly skipped: readonly string[];
}

/** Every listing the config asks for, in a fixed order: Reddit, forum, RSS, CryptoPanic. */
export function planListings(
  cfg: SentimentFeedConfig,
  baseUrl: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): PlannedListings {
  const listings: Listing[] = [
    ...cfg.subreddits.map((s) => redditListing(rebase(cfg.redditUrl, baseUrl), s)),
    forumTopicsListing(rebase(cfg.forumUrl, baseUrl)),
    forumPostsListing(rebase(cfg.forumUrl, baseUrl)),
    ...cfg.rssFeeds.map((f) => rssListing({ ...f, url: rebase(f.url, baseUrl) })),
  ];
  const skipped: string[] = [];
  const token = env[cfg.cryptoPanicTokenEnv];
  if (token === undefined || token === '') {
    skipped.push(`cryptopanic: skipped (environment variable ${cfg.cryptoPanicTokenEnv} is not set)`);
  } else {
    listings.push(cryptoPanicListing(rebase(cfg.cryptoPanicUrl, baseUrl), new Secret(token)));
  }
  return { listings, skipped };
}
