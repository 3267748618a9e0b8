/** Retry timing of the order path. */

export interface RetryPolicy {
  /** Attempts of one request in all (the first included). */
  readonly maxAttempts: number;
  /** First backoff; each retry doubles it, scaled by a jitter factor in [0.5, 1). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * How long after sending a create its fate is settled: the exchange drops a request older than its
   * `recvWindow` (Binance), so a lookup made this long after the send that finds nothing is final.
   */
  readonly settleWindowMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
  settleWindowMs: 5_000,
};

/** Delay before retry `retry` (0 for the first): `base * 2^retry * (0.5 + random/2)`, capped. */
export function jitteredBackoff(retry: number, policy: RetryPolicy, random: () => number): number {
  return Math.min(Math.round(policy.baseDelayMs * 2 ** retry * (0.5 + random() / 2)), policy.maxDelayMs);
}
