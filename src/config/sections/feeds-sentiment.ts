import { z } from 'zod';
import { envVarName } from './fields.js';

const httpUrl = () => z.url({ protocol: /^https?$/ });

const subredditSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_]{2,21}$/, 'must be a subreddit name without r/ (letters, digits, _)')
    .describe('subreddit name without r/'),
  query: z
    .string()
    .min(1)
    .optional()
    .describe('search the subreddit for this instead of reading all its new posts (for big subreddits)'),
});

const rssFeedSchema = z.strictObject({
  url: httpUrl().describe('RSS 2.0 or Atom feed URL'),
  keywords: z
    .array(z.string().min(1))
    .optional()
    .describe('keep only items whose title or text contains one of these words (unset: every item)'),
});

/** Minimum spacing of requests to one host, per kind of source (milliseconds). */
const intervalsSchema = z
  .strictObject({
    reddit: z
      .int()
      .min(0)
      .default(2000)
      .describe('Reddit (unauthenticated clients are throttled hard), milliseconds'),
    forum: z.int().min(0).default(1000).describe('the Discourse forum, milliseconds'),
    rss: z.int().min(0).default(1000).describe('each RSS/Atom feed host, milliseconds'),
    cryptoPanic: z.int().min(0).default(1000).describe('CryptoPanic, milliseconds'),
  })
  .prefault({})
  .describe(
    'least time between two requests to one host, per kind of source (a host shared by two kinds gets the larger)',
  );

/** The sentiment feed (issue 5): Reddit, the Numerai forum, RSS/Atom and CryptoPanic, scored hourly. */
export const sentimentFeedSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('fetch this feed and feed its signal family'),
    subreddits: z
      .array(subredditSchema)
      .refine((list) => new Set(list.map((s) => s.name.toLowerCase())).size === list.length, {
        message: 'must not repeat a subreddit',
      })
      .default((): { name: string; query?: string }[] => [
        { name: 'numerai' },
        { name: 'CryptoCurrency', query: 'numeraire OR NMR' },
      ])
      .describe('subreddits to read: all new posts, or a search when a query is given'),
    redditUrl: httpUrl()
      .default('https://www.reddit.com')
      .describe('Reddit base URL (public .json listings); --base-url overrides every source URL'),
    forumUrl: httpUrl()
      .default('https://forum.numer.ai')
      .describe('Numerai forum base URL (Discourse: /latest.json, /posts.json, no key)'),
    rssFeeds: z
      .array(rssFeedSchema)
      .default((): { url: string; keywords?: string[] }[] => [])
      .describe('RSS 2.0 / Atom feeds scored as news, e.g. { url: https://medium.com/feed/numerai }'),
    cryptoPanicTokenEnv: envVarName()
      .default('NMRBOT_CRYPTOPANIC_TOKEN')
      .describe('environment variable holding the CryptoPanic auth token (unset: CryptoPanic is skipped)'),
    cryptoPanicUrl: httpUrl()
      .default('https://cryptopanic.com/api/v1/posts/')
      .describe('CryptoPanic posts endpoint (v1; the developer v2 path also answers this shape)'),
    userAgent: z
      .string()
      .min(1)
      .default('nodejs:nmrbot:0.1.0 (sentiment feed)')
      .describe(
        'User-Agent of every request; Reddit asks for <platform>:<app id>:<version> (by /u/<your name>)',
      ),
    minIntervalMs: intervalsSchema,
    timeoutMs: z.int().positive().default(15_000).describe('timeout of one HTTP request, milliseconds'),
    retries: z
      .int()
      .min(0)
      .max(10)
      .default(3)
      .describe('retries of a request after a 5xx, 429, timeout or network error (4xx are not retried)'),
    backoffMs: z
      .int()
      .min(0)
      .default(1000)
      .describe('first retry delay, milliseconds; doubles per retry with jitter (a 429 Retry-After wins)'),
    maxPages: z
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('pages read per listing and fetch (Reddit listings end near 1,000 items = 10 pages)'),
    rereadHours: z
      .int()
      .min(0)
      .max(24 * 30)
      .default(24)
      .describe(
        'hours before the last stored hour an incremental fetch reads again (late posts revise them), hours',
      ),
  })
  .prefault({})
  .describe('sentiment feed: Reddit, the Numerai forum, RSS/Atom and CryptoPanic, VADER-scored per hour');
