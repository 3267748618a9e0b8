/** Retry timing for the Numerai client: jittered exponential backoff, Retry-After honoured. */

/** No single wait longer than this, whatever the server asks. */
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Delay before retry `retry` (0 for the first): `base * 2^retry`, scaled by a jitter factor in
 * [0.5, 1) so that clients failing together do not come back together. `retryAfterMs` (from a 429
 * or 503) wins when given.
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_DELAY_MS);
  return Math.min(Math.round(baseMs * 2 ** retry * (0.5 + random() / 2)), MAX_RETRY_DELAY_MS);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
