/** Retry timing of the sentiment sources: jittered exponential backoff; Retry-After honoured. */

/** The longest wait a server may ask for; beyond it the request fails (try again later). */
export const MAX_RETRY_AFTER_MS = 120_000;
/** No backoff of ours is longer than this. */
export const MAX_BACKOFF_MS = 60_000;

/**
 * Delay before retry `retry` (0 for the first): `base * 2^retry` scaled by a jitter factor in
 * [0.5, 1), so clients that failed together do not come back together; a server's Retry-After wins.
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return Math.min(Math.round(baseMs * 2 ** retry * (0.5 + random() / 2)), MAX_BACKOFF_MS);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
