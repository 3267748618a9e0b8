import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SocialDouble,
  SYNTHETIC_CRYPTOPANIC_TOKEN,
  SYNTHETIC_NOW,
  SYNTHETIC_RSS_PATH,
  startSocialDouble,
} from '../../../test/doubles/social/index.js';
import { type EpochMs, VenueTemporaryError } from '../../core/index.js';
import type { MarketStore } from '../../data/index.js';
import { fetchSentiment, type SentimentFetchDeps } from './command.js';
import { TempStores, fastConfig, rows } from './test-fixtures.js';

const ENV = { NMRBOT_CRYPTOPANIC_TOKEN: SYNTHETIC_CRYPTOPANIC_TOKEN };
const RSS = `https://news.example.com${SYNTHETIC_RSS_PATH}`;

describe('sentimentFeed when sources fail (loopback social double)', () => {
  let double: SocialDouble;
  let waits: number[];
  let notes: string[];
  const stores = new TempStores();
  beforeAll(async () => {
    double = await startSocialDouble({ now: () => SYNTHETIC_NOW, retryAfterSeconds: 3 });
  });
  afterAll(async () => {
    await double.close();
    stores.cleanup();
  });
  beforeEach(() => {
    waits = [];
    notes = [];
    double.setFailures([]);
    double.clearRequests();
  });

  /** A clock that moves only when the client sleeps, so waits are exact. */
  const deps = (): SentimentFetchDeps => {
    let t = SYNTHETIC_NOW;
    return {
      env: ENV,
      random: () => 0.5,
      clock: { now: () => t as EpochMs },
      sleep: (ms) => {
        waits.push(ms);
        t += ms;
        return Promise.resolve();
      },
      onRetry: (r) => notes.push(`${r.what}: ${r.reason}`),
    };
  };
  const fetch = (store: MarketStore) =>
    fetchSentiment(
      store,
      fastConfig({ rssFeeds: [{ url: RSS }], retries: 2 }),
      { baseUrl: double.url, now: SYNTHETIC_NOW },
      deps(),
    );
  const kinds = (store: MarketStore): string[] =>
    [...new Set(rows(store).map((r) => r.key))]
      .filter((k) => !['sentiment_score', 'sentiment_volume'].includes(k))
      .sort();

  it('waits out a 429 as Retry-After says and stores everything', async () => {
    double.setFailures([{ route: 'reddit', mode: 'http-429', times: 1 }]);
    const store = stores.open('429');
    const summary = await fetch(store);
    expect(double.requestsTo('reddit').map((r) => r.status)[0]).toBe(429);
    expect(waits, 'Retry-After: 3').toContain(3000);
    expect(notes).toEqual([
      expect.stringMatching(/^reddit r\/\w+ (new|search .*), page 1: HTTP 429/) as string,
    ]);
    expect(summary.inserted).toBe(17);
    expect(summary.warnings.filter((w) => !w.includes('without a readable date'))).toEqual([]);
  });

  it('warns when one source is down and stores what the others had', async () => {
    double.setFailures([{ route: 'forum', mode: 'http-500' }]);
    const store = stores.open('forum-down');
    const summary = await fetch(store);
    expect(summary.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^forum latest topics, page 1: 127\.0\.0\.1:\d+ unreachable after 3 attempts: HTTP 500/,
        ),
        expect.stringMatching(
          /^forum latest posts, page 1: 127\.0\.0\.1:\d+ unreachable after 3 attempts: HTTP 500/,
        ),
      ]) as string[],
    );
    expect(summary.lines).toContain('forum latest topics: failed');
    expect(kinds(store)).toEqual(['sentiment_news', 'sentiment_reddit']);
  });

  it('warns of a malformed answer, naming source and field, and keeps the rest', async () => {
    double.setFailures([{ route: 'cryptopanic', mode: 'wrong-type' }]);
    const store = stores.open('cp-malformed');
    const summary = await fetch(store);
    expect(summary.warnings).toContainEqual(
      expect.stringMatching(/^cryptopanic NMR news, page 1: malformed answer: results\.0\.published_at: /),
    );
    expect(kinds(store)).toEqual(['sentiment_forum', 'sentiment_news', 'sentiment_reddit']);
  });

  it('warns of a truncated JSON body as not JSON', async () => {
    double.setFailures([{ route: 'reddit', mode: 'malformed-json' }]);
    const summary = await fetch(stores.open('reddit-truncated'));
    expect(summary.warnings).toContainEqual(
      expect.stringMatching(/^reddit r\/numerai new, page 1: the answer is not JSON: /),
    );
  });

  it('throws when every source fails, storing nothing', async () => {
    double.setFailures([
      { route: 'reddit', mode: 'socket-destroy' },
      { route: 'forum', mode: 'http-500' },
      { route: 'rss', mode: 'http-500' },
      { route: 'cryptopanic', mode: 'http-500' },
    ]);
    const store = stores.open('all-down');
    const err = await fetch(store).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueTemporaryError);
    expect((err as Error).message).toMatch(
      /^sentiment: every source failed: reddit r\/numerai new, page 1: /,
    );
    expect(rows(store)).toEqual([]);
  });

  it('never shows the CryptoPanic token in errors, retry notes, the summary or the store', async () => {
    // The double's 500 body echoes the request path, token included, as some servers do.
    double.setFailures([{ route: 'cryptopanic', mode: 'http-500' }]);
    const store = stores.open('token');
    const summary = await fetch(store);
    const cpRequests = double.requestsTo('cryptopanic');
    expect(cpRequests[0]?.path, 'the token was sent').toContain(`auth_token=${SYNTHETIC_CRYPTOPANIC_TOKEN}`);
    expect(summary.warnings).toContainEqual(expect.stringContaining('cryptopanic NMR news, page 1: '));
    const shown = [JSON.stringify(summary), ...notes, JSON.stringify(rows(store))].join('\n');
    expect(shown).toContain('auth_token=[redacted]');
    expect(shown).not.toContain(SYNTHETIC_CRYPTOPANIC_TOKEN);
  });
});
