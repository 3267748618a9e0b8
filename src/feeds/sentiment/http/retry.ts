/** Retry timing of the sentiment sources: jittered exponential backoff; Retry-After honoured. */
import { jitteredBackoff } from '../../http-retry.js';

export { MAX_BACKOFF_MS, parseRetryAfter, sleep as realSleep } from '../../http-retry.js';

/** The longest wait a server may ask for; beyond it the request fails (try again later). */
export const MAX_RETRY_AFTER_MS = 120_000;

/** Delay before retry `retry` (0 for the first): the shared jittered backoff; a server's Retry-After wins. */
export function backoffDelay(
  retry: number,
  baseMs: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  return retryAfterMs ?? jitteredBackoff(retry, baseMs, random);
}
