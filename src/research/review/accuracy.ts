import { spearman } from './rank.js';
import type { AccuracyStats } from './review.types.js';

/** One observation: a value (null = no opinion available) and the return that followed. */
export interface ValueReturn {
  readonly value: number | null;
  readonly forwardReturn: number;
}

/**
 * Hit rate and information coefficient of a series of values against the returns that followed.
 * Null values are skipped. A value or return of exactly 0 has no sign, so it counts toward the IC but
 * not the hit rate.
 */
export function accuracyOf(pairs: readonly ValueReturn[]): AccuracyStats {
  const values: number[] = [];
  const returns: number[] = [];
  let hitN = 0;
  let hits = 0;
  for (const p of pairs) {
    if (p.value === null) continue;
    values.push(p.value);
    returns.push(p.forwardReturn);
    const sv = Math.sign(p.value);
    const sr = Math.sign(p.forwardReturn);
    if (sv === 0 || sr === 0) continue;
    hitN += 1;
    if (sv === sr) hits += 1;
  }
  return {
    n: values.length,
    hitN,
    hits,
    hitRate: hitN === 0 ? null : hits / hitN,
    ic: spearman(values, returns),
  };
}
