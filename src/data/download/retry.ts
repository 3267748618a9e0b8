import { NetworkError } from 'ccxt';
import type { RetryPolicy } from './download.types.js';

/**
 * A fault worth retrying: ccxt's NetworkError family, which holds RequestTimeout, ExchangeNotAvailable
 * (5xx, maintenance), DDoSProtection and RateLimitExceeded (HTTP 418/429, Binance -1003). Every other
 * ccxt error (bad symbol, bad request, authentication) would fail again the same way.
 */
export function isTemporaryVenueError(err: unknown): err is Error {
  return err instanceof NetworkError;
}

/** Backoff before retry number `attempt` (1 = the first retry). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onRetry?: ((attempt: number, delayMs: number, error: Error) => void) | undefined;
}

/**
 * Runs `fn`, retrying temporary venue faults with exponential backoff up to `policy.tries` attempts in
 * all. The last error is rethrown unchanged; the caller adds what was being fetched.
 */
export async function withRetry<T>(fn: () => Promise<T>, ctx: RetryContext): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTemporaryVenueError(err) || attempt >= ctx.policy.tries) throw err;
      const delay = backoffMs(ctx.policy, attempt);
      ctx.onRetry?.(attempt, delay, err);
      await ctx.sleep(delay);
    }
  }
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
