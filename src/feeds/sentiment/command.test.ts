import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SocialDouble,
  SYNTHETIC_CRYPTOPANIC_TOKEN,
  SYNTHETIC_NOW,
  SYNTHETIC_RSS_PATH,
  at,
  startSocialDouble,
  syntheticRedditPost,
  syntheticSocialData,
} from '../../../test/doubles/social/index.js';
import { parseConfig } from '../../config/index.js';
import { HOUR_MS } from '../../core/index.js';
import type { MarketStore } from '../../data/index.js';
import { fetchSentiment, sentimentFeed } from './command.js';
import type { ScorePayload } from './hourly.js';
import { TempStores, fastConfig, noWait, rows } from './test-fixtures.js';

const H = (hour: number): number => at(hour, 0);
const ENV = { NMRBOT_CRYPTOPANIC_TOKEN: SYNTHETIC_CRYPTOPANIC_TOKEN };
const RSS = `https://news.example.com${SYNTHETIC_RSS_PATH}`;

describe('sentimentFeed against the loopback social double (synthetic posts of 2025-03-10)', () => {
  let double: SocialDouble;
  let now = SYNTHETIC_NOW;
  const stores = new TempStores();
  beforeAll(async () => {
    double = await startSocialDouble({ now: () => now, pageSize: { reddit: 2, topics: 2, posts: 2 } });
  });
  afterAll(async () => {
    await double.close();
    stores.cleanup();
  });
  beforeEach(() => {
    now = SYNTHETIC_NOW;
    double.setData(syntheticSocialData());
    double.setFailures([]);
    double.clearRequests();
  });

  const fetch = (store: MarketStore, options: { since?: number; onProgress?: () => void } = {}) =>
    fetchSentiment(
      store,
      fastConfig({ rssFeeds: [{ url: RSS }] }),
      { baseUrl: double.url, now, ...options },
      { ...noWait, env: ENV },
    );
  const hourKeys = (store: MarketStore): string[] =>
    rows(store).map((r) => `${new Date(r.eventTime).toISOString().slice(11, 16)} ${r.key}`);
  const items = (store: MarketStore, hour: number): string[] =>
    (rows(store, 'sentiment_score').find((r) => r.eventTime === H(hour))?.payload as ScorePayload).items.map(
      (p) => p.id,
    );

  describe('backfill of an empty store', () => {
    let store: MarketStore;
    let summary: Awaited<ReturnType<typeof fetch>>;
    const progress: string[] = [];
    let agents: Set<string | undefined>;
    beforeAll(async () => {
      store = stores.open('backfill');
      double.clearRequests();
      summary = await fetch(store, { onProgress: (...args: unknown[]) => progress.push(args.join('/')) });
      agents = new Set(double.requests.map((r) => r.userAgent));
    });

    it('stores score, volume and per-source scores for every complete hour with posts, volume 0 for a quiet one', () => {
      expect(hourKeys(store).sort()).toEqual([
        '09:00 sentiment_forum',
        '09:00 sentiment_reddit',
        '09:00 sentiment_score',
        '09:00 sentiment_volume',
        '10:00 sentiment_reddit',
        '10:00 sentiment_score',
        '10:00 sentiment_volume',
        '11:00 sentiment_forum',
        '11:00 sentiment_news',
        '11:00 sentiment_reddit',
        '11:00 sentiment_score',
        '11:00 sentiment_volume',
        '12:00 sentiment_volume',
        '13:00 sentiment_forum',
        '13:00 sentiment_news',
        '13:00 sentiment_score',
        '13:00 sentiment_volume',
      ]);
      expect(summary).toMatchObject({ feed: 'sentiment', inserted: 17, updated: 0, unchanged: 0 });
    });

    it('makes each hour available at its end, and leaves the open hour (14:10) for the next fetch', () => {
      for (const r of rows(store)) expect(r.availableAt, r.key).toBe(r.eventTime + HOUR_MS);
      expect(summary.lines).toContain('1 posts of the current hour wait for the next fetch');
    });

    it('counts a story once across sources: the earliest copy stays', () => {
      expect(items(store, 10), 'the 10:45 RSS copy of the 10:15 Reddit link post is gone').toEqual([
        'reddit:t3_synth03',
        'reddit:t3_synth06',
      ]);
      expect(
        items(store, 13),
        'the 13:05 re-share (utm link) and the 13:20 CryptoPanic copy are gone',
      ).toEqual([`rss:127.0.0.1:${double.port}:synthetic-news-2`, 'forum:post:5004']);
      expect(items(store, 9), 'a forum topic and its first post are one item').toEqual([
        'reddit:t3_synth01',
        'forum:topic:101',
        'reddit:t3_synth02',
        'forum:post:5002',
      ]);
    });

    it('scores hour 10:00 as the engagement-weighted mean of its two posts (VADER compounds pinned)', () => {
      // synth03 "Synthetic: Numerai announces new staking rules": staking +0.5 -> 0.128; 25 + 10 engagement.
      // synth06 "Synthetic: NMR dump after the unlock, FUD everywhere": dump -2, fud -2 -> -0.7739; 40 + 22.
      const w3 = 1 + Math.log(36);
      const w6 = 1 + Math.log(63);
      const score = rows(store, 'sentiment_score').find((r) => r.eventTime === H(10));
      expect(score?.value).toBeCloseTo((w3 * 0.128 + w6 * -0.7739) / (w3 + w6), 14);
      expect(score?.value).toBeCloseTo(-0.348895, 6);
      const payload = score?.payload as ScorePayload;
      expect(payload.items.map((p) => p.compound)).toEqual([0.128, -0.7739]);
      expect(payload.scorers).toEqual(['vader@1.1.3+crypto-numerai.v1']);
    });

    it('counts posts per hour and per kind of source', () => {
      const volume = rows(store, 'sentiment_volume').map((r) => [r.eventTime, r.value, r.payload]);
      expect(volume).toEqual([
        [H(9), 4, { reddit: 2, forum: 2, news: 0 }],
        [H(10), 2, { reddit: 2, forum: 0, news: 0 }],
        [H(11), 3, { reddit: 1, forum: 1, news: 1 }],
        [H(12), 0, { reddit: 0, forum: 0, news: 0 }],
        [H(13), 2, { reddit: 0, forum: 1, news: 1 }],
      ]);
    });

    it('says what each listing read and warns of skipped items', () => {
      expect(summary.lines.slice(1, 7)).toEqual([
        'reddit r/numerai new: 5 posts (3 pages)',
        'reddit r/CryptoCurrency search "numeraire OR NMR": 2 posts (1 page)',
        'forum latest topics: 2 posts (2 pages)',
        'forum latest posts: 4 posts (3 pages)',
        `rss 127.0.0.1:${double.port}${SYNTHETIC_RSS_PATH}: 2 posts (1 page)`,
        'cryptopanic NMR news: 2 posts (1 page)',
      ]);
      expect(summary.warnings).toEqual([
        `rss 127.0.0.1:${double.port}${SYNTHETIC_RSS_PATH}: 1 of 3 items without a readable date skipped`,
      ]);
    });

    it('reports progress per listing and sends its User-Agent everywhere', () => {
      expect(progress).toEqual([
        '1/6/listings',
        '2/6/listings',
        '3/6/listings',
        '4/6/listings',
        '5/6/listings',
        '6/6/listings',
      ]);
      expect(agents).toEqual(new Set(['nodejs:nmrbot:0.1.0 (sentiment feed)']));
    });
  });

  describe('incremental fetches', () => {
    let store: MarketStore;
    beforeAll(async () => {
      store = stores.open('incremental');
      await fetch(store);
    });

    it('is idempotent: a second run finds every row unchanged', async () => {
      const before = rows(store);
      const summary = await fetch(store);
      expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 17 });
      expect(summary.lines[0]).toMatch(
        /^sentiment: incremental: after stored hour 2025-03-10T13:00:00\.000Z/,
      );
      expect(rows(store)).toEqual(before);
    });

    it('keeps engagement as first seen: more votes later change nothing', async () => {
      const data = syntheticSocialData();
      double.setData({
        ...data,
        reddit: {
          ...data.reddit,
          numerai: (data.reddit['numerai'] ?? []).map((p) => ({ ...p, score: p.score + 500 })),
        },
      });
      const summary = await fetch(store);
      expect(summary).toMatchObject({ inserted: 0, updated: 0 });
    });

    it('re-aggregates an hour when a new post arrives, public from the fetch that saw it', async () => {
      now = at(15, 5);
      const data = syntheticSocialData();
      const late = [
        syntheticRedditPost('numerai', '09', at(13, 40), 'Synthetic: bullish on the new payout rules', {
          score: 4,
        }),
        syntheticRedditPost('numerai', '10', at(12, 30), 'Synthetic: a post the spam filter held back'),
      ];
      double.setData({
        ...data,
        reddit: { ...data.reddit, numerai: [...(data.reddit['numerai'] ?? []), ...late] },
      });
      const before = rows(store).filter((r) => r.eventTime === H(13));
      const summary = await fetch(store);
      // Hour 13: score and volume revised, its first Reddit score added. Hour 12, quiet so far: volume
      // revised, score and Reddit score added. Hour 14 (the 14:10 post) now complete: 3 rows.
      expect(summary).toMatchObject({ inserted: 1 + 2 + 3, updated: 2 + 1, unchanged: 12 + 2 });
      const h12 = rows(store).filter((r) => r.eventTime === H(12));
      expect(h12.map((r) => [r.key, r.availableAt])).toEqual([
        ['sentiment_reddit', now],
        ['sentiment_score', now],
        ['sentiment_volume', now],
      ]);
      expect(h12.find((r) => r.key === 'sentiment_volume')?.value).toBe(1);
      const h13 = Object.fromEntries(
        rows(store)
          .filter((r) => r.eventTime === H(13))
          .map((r) => [r.key, r]),
      );
      expect(h13['sentiment_volume']).toMatchObject({ value: 3, availableAt: now });
      expect(h13['sentiment_score']?.availableAt).toBe(now);
      expect(h13['sentiment_score']?.value).not.toBe(before.find((r) => r.key === 'sentiment_score')?.value);
      expect(h13['sentiment_reddit']).toMatchObject({ availableAt: now });
      expect(h13['sentiment_news']?.availableAt, 'unchanged rows keep their time').toBe(H(14));
      const h14 = rows(store).filter((r) => r.eventTime === H(14));
      expect(h14.map((r) => [r.key, r.availableAt])).toEqual([
        ['sentiment_reddit', H(15)],
        ['sentiment_score', H(15)],
        ['sentiment_volume', H(15)],
      ]);
    });
  });

  it('backfills only from --since', async () => {
    const store = stores.open('since');
    await fetch(store, { since: at(11, 0) });
    expect(rows(store).map((r) => `${(r.eventTime - H(0)) / HOUR_MS}h ${r.key}`)).toEqual([
      '11h sentiment_forum',
      '11h sentiment_news',
      '11h sentiment_reddit',
      '11h sentiment_score',
      '11h sentiment_volume',
      '12h sentiment_volume',
      '13h sentiment_forum',
      '13h sentiment_news',
      // The 13:05 re-share counts here: the 10:15 original it duplicates lies before --since.
      '13h sentiment_reddit',
      '13h sentiment_score',
      '13h sentiment_volume',
    ]);
  });

  it('runs as `nmrbot data fetch sentiment` from the whole config, skipping CryptoPanic without a token', async () => {
    const store = stores.open('command');
    const config = parseConfig({
      feeds: {
        sentiment: {
          minIntervalMs: { reddit: 0, forum: 0, rss: 0, cryptoPanic: 0 },
          cryptoPanicTokenEnv: 'NMRBOT_TEST_UNSET_CRYPTOPANIC_TOKEN',
        },
      },
    });
    const summary = await sentimentFeed.fetch(store, config, { baseUrl: double.url, now });
    expect(summary.lines).toContain(
      'cryptopanic: skipped (environment variable NMRBOT_TEST_UNSET_CRYPTOPANIC_TOKEN is not set)',
    );
    expect(double.requestsTo('cryptopanic')).toEqual([]);
    expect(summary.inserted).toBeGreaterThan(0);
  });
});
