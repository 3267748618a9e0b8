import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SocialDouble,
  SYNTHETIC_ARTICLE,
  SYNTHETIC_CRYPTOPANIC_TOKEN,
  SYNTHETIC_NOW,
  SYNTHETIC_RSS_PATH,
  at,
  startSocialDouble,
} from '../../../../test/doubles/social/index.js';
import { Secret } from '../../../config/index.js';
import { type EpochMs, InputError, VenueRejectedError } from '../../../core/index.js';
import { PoliteHttpClient } from '../http/polite-client.js';
import { cryptoPanicListing } from './cryptopanic.js';
import { forumPostsListing, forumTopicsListing } from './discourse.js';
import { redditListing } from './reddit.js';
import { rssListing } from './rss.js';
import type { ListingContext } from './wire.js';

describe('source readers against the loopback social double (synthetic fixtures)', () => {
  let double: SocialDouble;
  beforeAll(async () => {
    double = await startSocialDouble({
      now: () => SYNTHETIC_NOW,
      pageSize: { reddit: 2, topics: 1, posts: 2, cryptoPanic: 1 },
    });
  });
  afterAll(() => double.close());
  beforeEach(() => {
    double.setFailures([]);
    double.clearRequests();
  });

  const ctx = (from?: number, maxPages = 10): ListingContext => ({
    client: new PoliteHttpClient({ userAgent: 'ua', timeoutMs: 5000, retries: 0, backoffMs: 1 }),
    from: from as EpochMs | undefined,
    maxPages,
  });
  const paths = (): string[] => double.requests.map((r) => r.path);

  describe('reddit', () => {
    it('pages /r/<sub>/new.json with after until the listing ends', async () => {
      const r = await redditListing(double.url, { name: 'numerai' }).read(ctx());
      expect(r.pages).toBe(3);
      expect(paths()).toEqual([
        '/r/numerai/new.json?limit=100&raw_json=1',
        '/r/numerai/new.json?limit=100&raw_json=1&after=t3_synth04',
        '/r/numerai/new.json?limit=100&raw_json=1&after=t3_synth02',
      ]);
      expect(r.posts.map((p) => p.id)).toEqual([
        'reddit:t3_synth05',
        'reddit:t3_synth04',
        'reddit:t3_synth03',
        'reddit:t3_synth02',
        'reddit:t3_synth01',
      ]);
    });

    it('maps a link post: time from created_utc, its page and article URLs, score + comments', async () => {
      const r = await redditListing(double.url, { name: 'numerai' }).read(ctx());
      expect(r.posts.find((p) => p.id === 'reddit:t3_synth03')).toEqual({
        id: 'reddit:t3_synth03',
        kind: 'reddit',
        origin: 'reddit:r/numerai',
        postedAt: at(10, 15),
        urls: [
          'https://www.reddit.com/r/numerai/comments/synth03/synthetic_numerai_announces_new_staking_rules/',
          SYNTHETIC_ARTICLE,
        ],
        title: 'Synthetic: Numerai announces new staking rules',
        text: '',
        engagement: 25 + 10,
      });
    });

    it('stops paging once a page reaches back before from, and at maxPages', async () => {
      await redditListing(double.url, { name: 'numerai' }).read(ctx(at(11, 0)));
      expect(paths(), 'page 1 holds 14:10 and 11:20; page 2 reaches 10:15 < 11:00').toHaveLength(2);
      double.clearRequests();
      await redditListing(double.url, { name: 'numerai' }).read(ctx(undefined, 1));
      expect(paths()).toHaveLength(1);
    });

    it('searches a big subreddit by new with restrict_sr', async () => {
      const r = await redditListing(double.url, { name: 'CryptoCurrency', query: 'numeraire OR NMR' }).read(
        ctx(),
      );
      expect(paths()).toEqual([
        '/r/CryptoCurrency/search.json?q=numeraire%20OR%20NMR&restrict_sr=on&sort=new&limit=100&raw_json=1',
      ]);
      expect(r.posts.map((p) => p.id)).toEqual(['reddit:t3_synth08', 'reddit:t3_synth06']);
    });

    it('names the source and field of a malformed listing', async () => {
      double.setFailures([{ route: 'reddit', mode: 'wrong-type' }]);
      const err = await redditListing(double.url, { name: 'numerai' })
        .read(ctx())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(
        /^reddit r\/numerai new, page 1: malformed answer: data\.children\.0\.data\.created_utc: .*expected number/,
      );
    });
  });

  describe('forum (Discourse)', () => {
    it('scores unpinned topics of /latest.json by title, likes + replies as engagement', async () => {
      const r = await forumTopicsListing(double.url).read(ctx());
      expect(paths()).toEqual(['/latest.json?page=0', '/latest.json?page=1', '/latest.json?page=2']);
      expect(r.posts.map((p) => [p.id, p.postedAt, p.engagement])).toEqual([
        ['forum:topic:101', at(9, 20), 5 + 2],
        ['forum:topic:102', at(11, 5), 1],
      ]);
      expect(r.posts[0]?.urls).toEqual([`${double.url}/t/synthetic-round-999-payouts-discussion/101`]);
    });

    it('reads /posts.json back with before=<id>: a first post is its topic, a reply its own words', async () => {
      const r = await forumPostsListing(double.url).read(ctx());
      expect(paths()).toEqual(['/posts.json', '/posts.json?before=5003', '/posts.json?before=5001']);
      const byId = new Map(r.posts.map((p) => [p.id, p]));
      expect(byId.get('forum:topic:101')).toMatchObject({
        title: 'Synthetic: round 999 payouts discussion',
        text: 'Synthetic example. The payout factor was great this round, nice work everyone!',
        engagement: 3 + 2,
      });
      expect(byId.get('forum:post:5002')).toMatchObject({
        title: '',
        text: 'Agreed, happy with my stake.',
        engagement: 1,
        urls: [`${double.url}/t/synthetic-round-999-payouts-discussion/101/2`],
      });
    });

    it('names the field of a malformed topic list', async () => {
      double.setFailures([{ route: 'forum', mode: 'wrong-type' }]);
      await expect(forumTopicsListing(double.url).read(ctx())).rejects.toThrow(
        /^forum latest topics, page 1: malformed answer: topic_list\.topics\.0\.created_at: /,
      );
    });
  });

  describe('rss', () => {
    const feed = (): string => `${double.url}${SYNTHETIC_RSS_PATH}`;

    it('reads dated items as news and skips undated ones with a note', async () => {
      const r = await rssListing({ url: feed() }).read(ctx());
      expect(r.posts.map((p) => [p.title, p.postedAt, p.engagement])).toEqual([
        ['Synthetic News: Numerai announces new staking rules', at(10, 45), 0],
        ['Synthetic News: NMR liquidity improves on exchanges', at(13, 15), 4],
      ]);
      expect(r.posts[1]?.text).toBe('Synthetic: market makers are happy & spreads are tighter.');
      expect(r.notes).toEqual([
        `rss 127.0.0.1:${double.port}${SYNTHETIC_RSS_PATH}: 1 of 3 items without a readable date skipped`,
      ]);
    });

    it('keeps only items mentioning a keyword when keywords are set', async () => {
      const r = await rssListing({ url: feed(), keywords: ['liquidity'] }).read(ctx());
      expect(r.posts.map((p) => p.id)).toEqual([`rss:127.0.0.1:${double.port}:synthetic-news-2`]);
    });
  });

  describe('cryptopanic', () => {
    it('pages NMR news with the token, engagement = the sum of its votes', async () => {
      const r = await cryptoPanicListing(
        `${double.url}/api/v1/posts/`,
        new Secret(SYNTHETIC_CRYPTOPANIC_TOKEN),
      ).read(ctx());
      expect(r.pages).toBe(2);
      expect(r.posts.map((p) => [p.id, p.postedAt, p.engagement])).toEqual([
        ['cryptopanic:7001', at(13, 20), 3 + 1 + 2 + 1],
        ['cryptopanic:7002', at(11, 10), 5 + 1],
      ]);
    });

    it('reports a refused token without showing it', async () => {
      const err = await cryptoPanicListing(`${double.url}/api/v1/posts/`, new Secret('wrong-token-123'))
        .read(ctx())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VenueRejectedError);
      expect((err as Error).message).toContain('HTTP 401');
      expect((err as Error).message).toContain('auth_token=[redacted]');
      expect((err as Error).message).not.toContain('wrong-token-123');
    });
  });
});
