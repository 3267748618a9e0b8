import { type Clock, type EpochMs, InputError } from '../core/index.js';

/** One venue limit: `limit` requests per `intervalMs` (Binance USD-M orders: 300 per 10 s, 1,200 per minute). */
export interface RateLimitRule {
  readonly limit: number;
  readonly intervalMs: number;
}

/** Binance USD-M order-rate limits (exchangeInfo `rateLimits`, type ORDERS). */
export const BINANCE_USDM_ORDER_LIMITS: readonly RateLimitRule[] = [
  { limit: 300, intervalMs: 10_000 },
  { limit: 1200, intervalMs: 60_000 },
];

/** Binance USD-M request weight (exchangeInfo `rateLimits`, type REQUEST_WEIGHT). */
export const BINANCE_USDM_REQUEST_WEIGHT_LIMITS: readonly RateLimitRule[] = [
  { limit: 2400, intervalMs: 60_000 },
];

/**
 * A token bucket that refills continuously: `limit` tokens, `limit / intervalMs` per ms. Taking a
 * token never fails: the balance may go negative and the answer is how long the caller must wait
 * for its turn, so concurrent callers queue in the order they asked.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  #tokens: number;
  #at: number;

  constructor(rule: RateLimitRule, now: EpochMs) {
    if (!(rule.limit > 0) || !(rule.intervalMs > 0))
      throw new InputError(
        `rate limit needs limit > 0 and intervalMs > 0, got ${rule.limit} per ${rule.intervalMs} ms`,
      );
    this.#capacity = rule.limit;
    this.#perMs = rule.limit / rule.intervalMs;
    this.#tokens = rule.limit;
    this.#at = now;
  }

  /** Takes one token; returns the wait in ms before the caller may send (0: at once). */
  take(now: EpochMs): number {
    this.#refill(now);
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil(-this.#tokens / this.#perMs);
  }

  available(now: EpochMs): number {
    this.#refill(now);
    return this.#tokens;
  }

  #refill(now: EpochMs): void {
    if (now > this.#at) {
      this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#at) * this.#perMs);
      this.#at = now;
    }
  }
}

/**
 * All of a venue's limits at once, plus a pause the venue can impose (429 or 418 with Retry-After):
 * the wait is the longest of them.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #buckets: TokenBucket[];
  #pausedUntil = 0;

  constructor(rules: readonly RateLimitRule[], clock: Clock) {
    this.#clock = clock;
    this.#buckets = rules.map((r) => new TokenBucket(r, clock.now()));
  }

  /** Takes a token from every bucket; returns how long to wait before sending. */
  reserve(): number {
    const now = this.#clock.now();
    let wait = Math.max(0, this.#pausedUntil - now);
    for (const b of this.#buckets) wait = Math.max(wait, b.take(now));
    return wait;
  }

  /** The venue said stop: nothing is sent before `until`. */
  pauseUntil(until: EpochMs): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  get pausedUntil(): number {
    return this.#pausedUntil;
  }
}
