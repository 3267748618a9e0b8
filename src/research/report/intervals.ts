import { SynthRandom } from '../../data/index.js';
import type { Interval } from './research.types.js';

/** The two-sided 95% normal quantile. */
export const Z95 = 1.96;

const NONE: Interval = { low: null, high: null };

/**
 * 95% interval of a correlation by Fisher's z: tanh(atanh(r) +/- 1.96 / sqrt(n - 3)). Assumes
 * independent samples; no interval below 4 samples or without a correlation. |r| = 1 is pulled in
 * to 1 - 1e-12 so the bounds stay finite.
 */
export function fisherInterval(r: number | null, n: number): Interval {
  if (r === null || !Number.isFinite(r) || n < 4) return NONE;
  const clipped = Math.max(-1 + 1e-12, Math.min(1 - 1e-12, r));
  const z = Math.atanh(clipped);
  const half = Z95 / Math.sqrt(n - 3);
  return { low: Math.tanh(z - half), high: Math.tanh(z + half) };
}

/** 95% Wilson score interval of a proportion `hits / n`; none when n = 0. */
export function wilsonInterval(hits: number, n: number): Interval {
  if (n <= 0) return NONE;
  const p = hits / n;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * 95% percentile bootstrap interval of mean(a) - mean(b): each group resampled with replacement
 * `resamples` times from a `SynthRandom(seed)`, so the same inputs always give the same interval.
 */
export function bootstrapMeanDifference(
  a: readonly number[],
  b: readonly number[],
  options: { resamples: number; seed: number },
): Interval {
  if (a.length === 0 || b.length === 0) return NONE;
  const random = new SynthRandom(options.seed);
  const resampledMean = (xs: readonly number[]): number => {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(random.uniform() * xs.length)] ?? 0;
    return sum / xs.length;
  };
  const diffs: number[] = [];
  for (let k = 0; k < options.resamples; k++) diffs.push(resampledMean(a) - resampledMean(b));
  diffs.sort((x, y) => x - y);
  return { low: quantile(diffs, 0.025), high: quantile(diffs, 0.975) };
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? 0;
  return a + (b - a) * (pos - lo);
}

/** True when the interval has both bounds and lies wholly on one side of zero. */
export function excludesZero(ci: Interval): boolean {
  return ci.low !== null && ci.high !== null && (ci.low > 0 || ci.high < 0);
}
