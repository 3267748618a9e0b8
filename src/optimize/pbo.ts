import { InputError } from '../core/index.js';
import { periodSharpe } from './stats.js';

export interface PboResult {
  /** Share of the splits whose in-sample best trial ranked at or below the median out of sample. */
  readonly pbo: number;
  /** The logit of the out-of-sample relative rank of the in-sample best, per split. */
  readonly logits: readonly number[];
  readonly splits: number;
}

/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, López de Prado & Zhu 2017). `returns[trial][t]` are the trials' returns over the same
 * periods; the periods are cut into `groups` (even) contiguous blocks; every choice of half the
 * blocks is an in-sample set, the rest out of sample. For each, the trial with the best in-sample
 * Sharpe ratio is ranked out of sample (1 = worst, N = best; ties share the mean rank), ω = rank/(N+1)
 * and λ = ln(ω/(1-ω)). PBO is the share of splits with λ <= 0.
 */
export function probabilityOfOverfitting(returns: readonly (readonly number[])[], groups: number): PboResult {
  const n = returns.length;
  if (n < 2) throw new InputError(`PBO needs at least 2 trials, got ${n}`);
  if (groups < 2 || groups % 2 !== 0)
    throw new InputError(`PBO groups must be an even number >= 2, got ${groups}`);
  const t = (returns[0] as readonly number[]).length;
  if (returns.some((r) => r.length !== t))
    throw new InputError('PBO: every trial needs returns over the same periods');
  if (t < groups * 2)
    throw new InputError(`PBO: ${t} periods are too few for ${groups} groups (need at least 2 per group)`);
  const bounds = Array.from({ length: groups + 1 }, (_, g) => Math.round((g * t) / groups));
  const logits: number[] = [];
  for (const inSample of combinations(groups, groups / 2)) {
    const isSet = new Set(inSample);
    const pick = (r: readonly number[], inside: boolean): number[] => {
      const out: number[] = [];
      for (let g = 0; g < groups; g++) {
        if (isSet.has(g) === inside) out.push(...r.slice(bounds[g], bounds[g + 1]));
      }
      return out;
    };
    const isPerf = returns.map((r) => periodSharpe(pick(r, true)));
    const oosPerf = returns.map((r) => periodSharpe(pick(r, false)));
    let best = 0;
    for (let i = 1; i < n; i++) if ((isPerf[i] as number) > (isPerf[best] as number)) best = i;
    const rank = averageRank(oosPerf, best);
    const w = rank / (n + 1);
    logits.push(Math.log(w / (1 - w)));
  }
  return { pbo: logits.filter((l) => l <= 0).length / logits.length, logits, splits: logits.length };
}

/** 1-based rank of values[i] in ascending order, ties given their mean rank. */
function averageRank(values: readonly number[], i: number): number {
  const v = values[i] as number;
  let below = 0;
  let equal = 0;
  for (const x of values) {
    if (x < v) below++;
    else if (x === v) equal++;
  }
  return below + (equal + 1) / 2;
}

/** Every k-subset of 0..n-1, in lexicographic order. */
export function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (start: number): void => {
    if (cur.length === k) {
      out.push([...cur]);
      return;
    }
    for (let i = start; i <= n - (k - cur.length); i++) {
      cur.push(i);
      rec(i + 1);
      cur.pop();
    }
  };
  rec(0);
  return out;
}
