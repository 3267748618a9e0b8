/** Retry timing shared by the feeds' HTTP clients: jittered exponential backoff, Retry-After read. */

/** No backoff of ours is longer than this. */
export const MAX_BACKOFF_MS = 60_000;

/**
 * Delay before retry `retry` (0 for the first): `base * 2^retry` scaled by a jitter factor in
 * [0.5, 1), so clients that failed together do not come back together; at most {@link MAX_BACKOFF_MS}.
 */
export function jitteredBackoff(retry: number, baseMs: number, random: () => number): number {
  return Math.min(Math.round(baseMs * 2 ** retry * (0.5 + random() / 2)), MAX_BACKOFF_MS);
}

/**
 * `Retry-After` as milliseconds: delta-seconds (decimals allowed) or an HTTP date; undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
