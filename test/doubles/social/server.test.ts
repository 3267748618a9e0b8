import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SocialDouble,
  SYNTHETIC_CRYPTOPANIC_TOKEN,
  SYNTHETIC_RSS_PATH,
  at,
  startSocialDouble,
} from './index.js';

describe('the social double (synthetic fixtures)', () => {
  let double: SocialDouble;
  let now = at(10, 20);
  beforeAll(async () => {
    double = await startSocialDouble({ now: () => now, retryAfterSeconds: 5 });
  });
  afterAll(() => double.close());
  beforeEach(() => {
    now = at(10, 20);
    double.setFailures([]);
    double.clearRequests();
  });

  const get = async (path: string): Promise<{ status: number; body: string; headers: Headers }> => {
    const res = await fetch(`${double.url}${path}`);
    return { status: res.status, body: await res.text(), headers: res.headers };
  };

  it('serves a Reddit Listing of t3 things, newest first, only posts created by now', async () => {
    const { body } = await get('/r/numerai/new.json?limit=100');
    const listing = JSON.parse(body) as {
      kind: string;
      data: { after: null; children: { kind: string; data: { id: string } }[] };
    };
    expect(listing.kind).toBe('Listing');
    expect(listing.data.after).toBeNull();
    expect(listing.data.children.map((c) => [c.kind, c.data.id])).toEqual([
      ['t3', 'synth03'],
      ['t3', 'synth02'],
      ['t3', 'synth01'],
    ]);
  });

  it('serves Discourse topic_list and latest_posts shapes', async () => {
    const latest = JSON.parse((await get('/latest.json')).body) as {
      topic_list: { topics: { id: number }[] };
    };
    expect(latest.topic_list.topics.map((t) => t.id)).toEqual([90, 101]);
    const posts = JSON.parse((await get('/posts.json')).body) as {
      latest_posts: { id: number; cooked: string }[];
    };
    expect(posts.latest_posts.map((p) => p.id)).toEqual([5002, 5001]);
  });

  it('serves RSS 2.0 and CryptoPanic, which refuses a wrong auth_token', async () => {
    now = at(23, 0);
    const rss = await get(SYNTHETIC_RSS_PATH);
    expect(rss.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    expect(rss.body).toContain('<title>Synthetic News: NMR liquidity improves on exchanges</title>');
    expect((await get('/api/v1/posts/?auth_token=nope')).status).toBe(401);
    const ok = JSON.parse(
      (await get(`/api/v1/posts/?auth_token=${SYNTHETIC_CRYPTOPANIC_TOKEN}&currencies=NMR`)).body,
    ) as {
      results: { id: number }[];
    };
    expect(ok.results.map((r) => r.id)).toEqual([7001, 7002]);
  });

  it('injects a 429 with Retry-After, then answers normally', async () => {
    double.setFailures([{ route: 'reddit', mode: 'http-429', times: 1 }]);
    const first = await get('/r/numerai/new.json');
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '5']);
    expect((await get('/r/numerai/new.json')).status).toBe(200);
    expect(double.requestsTo('reddit').map((r) => r.status)).toEqual([429, 200]);
  });

  it('injects 500s echoing the request, truncated JSON and wrong field types, per route', async () => {
    now = at(23, 0);
    double.setFailures([
      { route: 'forum', mode: 'http-500', times: 1 },
      { route: 'forum', mode: 'malformed-json', afterRequests: 1, times: 1 },
      { route: 'cryptopanic', mode: 'wrong-type' },
    ]);
    const failed = await get('/latest.json?page=0');
    expect([failed.status, failed.body]).toEqual([
      500,
      'synthetic double: internal error while handling GET /latest.json?page=0',
    ]);
    const truncated = await get('/latest.json');
    expect(() => JSON.parse(truncated.body) as unknown).toThrow();
    const wrong = JSON.parse(
      (await get(`/api/v1/posts/?auth_token=${SYNTHETIC_CRYPTOPANIC_TOKEN}`)).body,
    ) as {
      results: { published_at: unknown }[];
    };
    expect(wrong.results[0]?.published_at).toBe('soon');
    expect((await get('/r/numerai/new.json')).status, 'other routes unaffected').toBe(200);
  });
});
