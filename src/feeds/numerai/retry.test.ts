import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, backoffDelay, parseRetryAfter } from './retry.js';

describe('backoffDelay', () => {
  it('doubles per retry, scaled by a jitter factor in [0.5, 1)', () => {
    expect([0, 1, 2, 3].map((r) => backoffDelay(r, 500, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2].map((r) => backoffDelay(r, 500, () => 0.999))).toEqual([500, 1000, 1999]);
  });

  it('lets Retry-After win, capped at a minute', () => {
    expect(backoffDelay(0, 500, () => 0, 3000)).toBe(3000);
    expect(backoffDelay(0, 500, () => 0, 3_600_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(backoffDelay(20, 500, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1);
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
