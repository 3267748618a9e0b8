import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SocialDouble, startSocialDouble } from '../../../../test/doubles/social/index.js';
import {
  type Clock,
  type EpochMs,
  InputError,
  VenueRejectedError,
  VenueTemporaryError,
} from '../../../core/index.js';
import { HostLimiter } from './host-limiter.js';
import { PoliteHttpClient, type PoliteClientOptions, maskUrl } from './polite-client.js';
import { parseRetryAfter } from './retry.js';

/** A clock that moves only when the client sleeps. */
class StepClock implements Clock {
  t = 1_000_000;
  now(): EpochMs {
    return this.t as EpochMs;
  }
}

describe('PoliteHttpClient against the loopback social double', () => {
  let double: SocialDouble;
  let waits: number[];
  let clock: StepClock;
  beforeAll(async () => {
    double = await startSocialDouble({ retryAfterSeconds: 2 });
  });
  afterAll(() => double.close());
  beforeEach(() => {
    waits = [];
    clock = new StepClock();
    double.setFailures([]);
    double.clearRequests();
  });

  /** random() = 0.5 puts the jitter factor at 0.75: backoff 75, 150, 300 ms from a 100 ms base. */
  const client = (overrides: Partial<PoliteClientOptions> = {}): PoliteHttpClient =>
    new PoliteHttpClient({
      userAgent: 'nodejs:nmrbot-test:0.0.1 (sentiment feed)',
      timeoutMs: 5_000,
      retries: 3,
      backoffMs: 100,
      clock,
      sleep: (ms) => {
        waits.push(ms);
        clock.t += ms;
        return Promise.resolve();
      },
      random: () => 0.5,
      ...overrides,
    });
  const newJson = (): string => `${double.url}/r/numerai/new.json?limit=100`;
  const statuses = (): number[] => double.requests.map((r) => r.status);

  it('sends its User-Agent with every request', async () => {
    await client().getJson(newJson(), 'reddit r/numerai new');
    expect(double.requests.map((r) => r.userAgent)).toEqual(['nodejs:nmrbot-test:0.0.1 (sentiment feed)']);
  });

  it('waits what Retry-After says after a 429, then succeeds', async () => {
    double.setFailures([{ route: 'reddit', mode: 'http-429', times: 1 }]);
    const answer = await client().getJson(newJson(), 'reddit r/numerai new');
    expect(answer).toMatchObject({ kind: 'Listing' });
    expect(statuses()).toEqual([429, 200]);
    expect(waits, 'Retry-After: 2').toEqual([2000]);
  });

  it('retries a 500 with jittered exponential backoff, then succeeds', async () => {
    double.setFailures([{ route: 'reddit', mode: 'http-500', times: 3 }]);
    await client().getJson(newJson(), 'reddit r/numerai new');
    expect(statuses()).toEqual([500, 500, 500, 200]);
    expect(waits, '100 ms base x 2^retry x jitter 0.75').toEqual([75, 150, 300]);
  });

  it('gives up after its retries with a VenueTemporaryError naming the source and host', async () => {
    double.setFailures([{ route: 'reddit', mode: 'http-500' }]);
    const err = await client({ retries: 2 })
      .getJson(newJson(), 'reddit r/numerai new')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueTemporaryError);
    expect((err as Error).message).toMatch(
      /^reddit r\/numerai new: 127\.0\.0\.1:\d+ unreachable after 3 attempts: HTTP 500: synthetic double/,
    );
    expect(statuses()).toEqual([500, 500, 500]);
  });

  it('refuses to wait longer than two minutes when a server asks for more', async () => {
    const slow = await startSocialDouble({ retryAfterSeconds: 600 });
    try {
      slow.setFailures([{ route: 'reddit', mode: 'http-429' }]);
      const err = await client()
        .getJson(`${slow.url}/r/numerai/new.json`, 'reddit r/numerai new')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VenueTemporaryError);
      expect((err as Error).message).toMatch(/asks to wait 600 s .*try again later/);
      expect(slow.requests).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('does not retry a 404 and names the URL', async () => {
    const err = await client()
      .getJson(`${double.url}/r/nosuchsub/new.json`, 'reddit r/nosuchsub new')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as Error).message).toMatch(
      /^reddit r\/nosuchsub new: HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/r\//,
    );
    expect(statuses()).toEqual([404]);
  });

  it('turns a body that is not JSON into an InputError naming the source', async () => {
    double.setFailures([{ route: 'reddit', mode: 'malformed-json' }]);
    const err = await client()
      .getJson(newJson(), 'reddit r/numerai new, page 1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(
      /^reddit r\/numerai new, page 1: the answer is not JSON: \{"kind":"Listing"/,
    );
  });

  it('spaces requests to one host by its minimum interval', async () => {
    const c = client();
    c.setMinInterval(double.url, 2000);
    c.setMinInterval(double.url, 500);
    for (let i = 0; i < 3; i++) await c.getJson(newJson(), 'reddit r/numerai new');
    expect(waits, 'the larger interval set wins').toEqual([2000, 2000]);
  });

  it('never shows a registered secret or an auth_token value in its errors or retry notes', async () => {
    const notes: string[] = [];
    const c = client({ retries: 1, onRetry: (r) => notes.push(r.reason) });
    c.addSecret('tok-s3cr3t');
    double.setFailures([{ route: 'cryptopanic', mode: 'http-500' }]);
    const err = await c
      .getJson(`${double.url}/api/v1/posts/?auth_token=tok-s3cr3t&currencies=NMR`, 'cryptopanic NMR news')
      .catch((e: unknown) => e);
    const shown = [(err as Error).message, ...notes].join('\n');
    expect(shown, 'the double echoes the request path in its 500 body').toContain('auth_token=[redacted]');
    expect(shown).not.toContain('tok-s3cr3t');
  });
});

describe('PoliteHttpClient timeouts', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow.json`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('abandons a request after timeoutMs and retries it', async () => {
    const reasons: string[] = [];
    const c = new PoliteHttpClient({
      userAgent: 'ua',
      timeoutMs: 100,
      retries: 1,
      backoffMs: 1,
      sleep: () => Promise.resolve(),
      onRetry: (r) => reasons.push(r.reason),
    });
    const err = await c.getJson(url, 'rss slow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueTemporaryError);
    expect((err as Error).message).toMatch(
      /^rss slow: 127\.0\.0\.1:\d+ unreachable after 2 attempts: timed out after 100 ms$/,
    );
    expect(reasons).toEqual(['timed out after 100 ms']);
  });
});

describe('HostLimiter', () => {
  it('queues concurrent callers of one host and leaves other hosts alone', async () => {
    const clock = new StepClock();
    const waits: string[] = [];
    const limiter = new HostLimiter(clock, (ms) => {
      waits.push(`${ms}`);
      return Promise.resolve();
    });
    limiter.setMinInterval('a', 1000);
    const got = await Promise.all([
      limiter.acquire('a'),
      limiter.acquire('a'),
      limiter.acquire('b'),
      limiter.acquire('a'),
    ]);
    expect(got, 'slots 0, 1000, 2000 on a; b free').toEqual([0, 1000, 0, 2000]);
  });

  it('holds a host back until the time it asked for', async () => {
    const clock = new StepClock();
    const limiter = new HostLimiter(clock, () => Promise.resolve());
    limiter.holdUntil('a', clock.t + 30_000);
    limiter.holdUntil('a', clock.t + 10_000);
    expect(await limiter.acquire('a'), 'the later hold wins').toBe(30_000);
  });
});

describe('parseRetryAfter and maskUrl', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter('Mon, 10 Mar 2025 09:00:30 GMT', Date.UTC(2025, 2, 10, 9))).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('masks secret-looking query values', () => {
    expect(maskUrl('https://x.example/api/?auth_token=abc&currencies=NMR')).toBe(
      'https://x.example/api/?auth_token=[redacted]&currencies=NMR',
    );
  });
});
