/** A run of missing samples: the first and last missing time and how many are missing. */
export interface GridGap {
  readonly from: number;
  readonly to: number;
  readonly missing: number;
}

/**
 * Missing times on a regular grid of `stepMs` between the first and last of `times` (ascending).
 * For candles these are the missing open times; a spacing of k steps misses k - 1 samples. Spacings are
 * rounded to whole steps so sampled data (open interest) with jitter is not reported as gaps.
 */
export function gridGaps(times: ArrayLike<number>, stepMs: number): GridGap[] {
  const out: GridGap[] = [];
  for (let i = 1; i < times.length; i++) {
    const prev = times[i - 1] as number;
    const cur = times[i] as number;
    const missing = Math.round((cur - prev) / stepMs) - 1;
    if (missing > 0) out.push({ from: prev + stepMs, to: cur - stepMs, missing });
  }
  return out;
}
