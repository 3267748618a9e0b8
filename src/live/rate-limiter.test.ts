import { describe, expect, it } from 'vitest';
import { type EpochMs, SimClock } from '../core/index.js';
import { RateLimiter, TokenBucket } from './rate-limiter.js';

const at = (ms: number): EpochMs => ms as EpochMs;

describe('TokenBucket', () => {
  it('lets the first `limit` requests through and queues the rest at limit/interval', () => {
    // 2 per 1,000 ms: one token every 500 ms
    const bucket = new TokenBucket({ limit: 2, intervalMs: 1000 }, at(0));
    expect([bucket.take(at(0)), bucket.take(at(0)), bucket.take(at(0)), bucket.take(at(0))]).toEqual([
      0, 0, 500, 1000,
    ]);
    // 250 ms later half a token came back: balance -2 + 0.5 - 1 = -2.5 → wait 1,250 ms
    expect(bucket.take(at(250))).toBe(1250);
  });

  it('never holds more than `limit` tokens however long it idles', () => {
    const bucket = new TokenBucket({ limit: 2, intervalMs: 1000 }, at(0));
    expect(bucket.available(at(3_600_000))).toBe(2);
  });

  it('refuses a rule without a positive limit or interval', () => {
    expect(() => new TokenBucket({ limit: 0, intervalMs: 1000 }, at(0))).toThrow(
      'rate limit needs limit > 0 and intervalMs > 0, got 0 per 1000 ms',
    );
  });
});

describe('RateLimiter', () => {
  it('waits for the tightest of its buckets', () => {
    const clock = new SimClock(at(0));
    const limiter = new RateLimiter(
      [
        { limit: 3, intervalMs: 1000 },
        { limit: 2, intervalMs: 1000 },
      ],
      clock,
    );
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 500]);
  });

  it('holds every request until a pause the venue imposed (Retry-After) is over', () => {
    const clock = new SimClock(at(1000));
    const limiter = new RateLimiter([{ limit: 100, intervalMs: 1000 }], clock);
    limiter.pauseUntil(at(4000));
    limiter.pauseUntil(at(2000)); // a shorter pause does not shorten the longer one
    expect(limiter.reserve()).toBe(3000);
    clock.advanceTo(at(4000));
    expect(limiter.reserve()).toBe(0);
  });
});
