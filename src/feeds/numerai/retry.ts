/** Retry timing for the Numerai client: jittered exponential backoff, Retry-After honoured. */
import { MAX_BACKOFF_MS, jitteredBackoff } from '../http-retry.js';

export { parseRetryAfter, sleep } from '../http-retry.js';

/** No single wait longer than this, whatever the server asks. */
export const MAX_RETRY_DELAY_MS = MAX_BACKOFF_MS;

/**
 * Delay before retry `retry` (0 for the first): the shared jittered backoff; `retryAfterMs` (from a
 * 429 or 503) wins when given, capped at {@link MAX_RETRY_DELAY_MS}.
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_DELAY_MS);
  return jitteredBackoff(retry, baseMs, random);
}
