import { SIGNAL_FAMILIES, type SignalFamily } from '../../signals/index.js';
import type { AccuracyStats, FamilyWeights, WeightProposal, WeightSettings } from './review.types.js';

type Mutable = Record<SignalFamily, number>;

/** A family's evidence score: its IC when known, else its hit rate - 0.5, else null (no evidence). */
export function evidenceScore(stats: AccuracyStats): number | null {
  if (stats.ic !== null) return stats.ic;
  if (stats.hitRate !== null) return stats.hitRate - 0.5;
  return null;
}

/**
 * The raw target: families without evidence keep their default share; the rest of the mass goes to
 * the families with evidence in proportion to max(score, 0). When none of them has a positive score,
 * they keep their defaults too. Non-negative and sums to 1 (given defaults that do).
 */
export function targetWeights(
  defaults: FamilyWeights,
  score: Readonly<Record<SignalFamily, number | null>>,
): FamilyWeights {
  let rest = 1;
  let total = 0;
  for (const f of SIGNAL_FAMILIES) {
    const s = score[f];
    if (s === null) rest -= defaults[f];
    else total += Math.max(s, 0);
  }
  const out = {} as Mutable;
  for (const f of SIGNAL_FAMILIES) {
    const s = score[f];
    out[f] = s === null || total <= 0 ? defaults[f] : Math.max(rest, 0) * (Math.max(s, 0) / total);
  }
  return out;
}

/** λ: `shrinkage` from `minSamples` on; below, it grows linearly to 1 at no samples. */
export function effectiveShrinkage(settings: WeightSettings, samples: number): number {
  const { shrinkage, minSamples } = settings;
  const shortfall = minSamples <= 0 ? 0 : Math.max(0, 1 - samples / minSamples);
  return shrinkage + (1 - shrinkage) * shortfall;
}

/**
 * Moves `current` toward `wanted` by at most `maxStep` per family and keeps the sum at 1: the
 * Euclidean projection of `wanted` onto {x : Σx = 1, max(0, c - step) ≤ x ≤ min(1, c + step)}, found
 * as x = clamp(wanted - τ) with τ by bisection (Σ clamp(wanted - τ) falls as τ rises). The set is never
 * empty because `current` itself is in it.
 */
export function stepBounded(wanted: FamilyWeights, current: FamilyWeights, maxStep: number): FamilyWeights {
  const lo = {} as Mutable;
  const hi = {} as Mutable;
  for (const f of SIGNAL_FAMILIES) {
    lo[f] = Math.max(0, current[f] - maxStep);
    hi[f] = Math.min(1, current[f] + maxStep);
  }
  const at = (tau: number): Mutable => {
    const x = {} as Mutable;
    for (const f of SIGNAL_FAMILIES) x[f] = Math.min(hi[f], Math.max(lo[f], wanted[f] - tau));
    return x;
  };
  const sum = (x: Mutable): number => SIGNAL_FAMILIES.reduce((s, f) => s + x[f], 0);
  let low = Math.min(...SIGNAL_FAMILIES.map((f) => wanted[f] - hi[f]));
  let high = Math.max(...SIGNAL_FAMILIES.map((f) => wanted[f] - lo[f]));
  for (let i = 0; i < 200 && high - low > 0; i += 1) {
    const mid = (low + high) / 2;
    if (mid === low || mid === high) break;
    if (sum(at(mid)) > 1) low = mid;
    else high = mid;
  }
  const x = at((low + high) / 2);
  // Rounding leaves a residue of a few ulps: give it to a family with room for it.
  const residue = 1 - sum(x);
  for (const f of SIGNAL_FAMILIES) {
    const moved = x[f] + residue;
    if (moved >= lo[f] && moved <= hi[f]) {
      x[f] = moved;
      break;
    }
  }
  return x;
}

/**
 * The weekly re-weighting (docs/review.md): target from the evidence, shrunk toward the defaults,
 * moved at most maxStep from the current weights.
 * @param defaults the playbook's weights (`signals.weights` of the built-in config)
 * @param current the weights in force (config, or the last applied review)
 * @param stats per-family accuracy over the review window
 * @param samples how many decisions the evidence rests on (drives the small-sample shrinkage)
 */
export function proposeWeights(
  defaults: FamilyWeights,
  current: FamilyWeights,
  stats: Readonly<Record<SignalFamily, AccuracyStats>>,
  samples: number,
  settings: WeightSettings,
): WeightProposal {
  const score = {} as Record<SignalFamily, number | null>;
  for (const f of SIGNAL_FAMILIES) score[f] = evidenceScore(stats[f]);
  const target = targetWeights(defaults, score);
  const lambda = effectiveShrinkage(settings, samples);
  const shrunk = {} as Mutable;
  for (const f of SIGNAL_FAMILIES) shrunk[f] = (1 - lambda) * target[f] + lambda * defaults[f];
  const proposed = stepBounded(shrunk, current, settings.maxStep);
  return { defaults, current, score, target, lambda, shrunk, proposed };
}
