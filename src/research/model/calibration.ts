import { InputError } from '../../core/index.js';
import { logit, newtonLogistic, sigmoid } from './newton-logistic.js';

/** How raw probabilities are mapped to calibrated ones. */
export type Calibration =
  | { readonly kind: 'none' }
  /** Platt scaling: p' = sigmoid(a * logit(p) + b). */
  | { readonly kind: 'platt'; readonly a: number; readonly b: number; readonly samples: number };

/**
 * Fits Platt scaling on a held-out slice (never the training rows): a one-feature logistic
 * regression of the outcome on logit(p), with Platt's smoothed targets (N+ + 1) / (N+ + 2) and
 * 1 / (N- + 2), which keep a perfectly separated slice from sending a to infinity.
 */
export function fitPlatt(probs: readonly number[], labels: readonly number[]): Calibration {
  if (probs.length !== labels.length)
    throw new InputError(`calibration: ${labels.length} labels but ${probs.length} predictions`);
  if (probs.length < 2)
    throw new InputError(`calibration needs at least 2 held-out samples, got ${probs.length}`);
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const fit = newtonLogistic(
    probs.map((p) => [logit(p)]),
    labels.map((y) => (y === 1 ? high : low)),
    { l2: 0, maxIterations: 100, tolerance: 1e-10 },
  );
  return { kind: 'platt', a: fit.weights[0] ?? 1, b: fit.weights[1] ?? 0, samples: probs.length };
}

export function calibrate(calibration: Calibration, p: number): number {
  return calibration.kind === 'platt' ? sigmoid(calibration.a * logit(p) + calibration.b) : p;
}

export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** Mean forecast probability in the bin (null when empty). */
  readonly meanProbability: number | null;
  /** Share of positives in the bin (null when empty). */
  readonly observedRate: number | null;
}

/** The reliability table: `bins` equal-width probability bins (1 falls in the last). */
export function reliability(
  labels: readonly number[],
  probs: readonly number[],
  bins = 10,
): ReliabilityBin[] {
  const sums = Array.from({ length: bins }, () => ({ count: 0, p: 0, y: 0 }));
  probs.forEach((p, i) => {
    const bin = sums[Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))];
    if (!bin) return;
    bin.count++;
    bin.p += p;
    bin.y += labels[i] ?? 0;
  });
  return sums.map((s, k) => ({
    from: k / bins,
    to: (k + 1) / bins,
    count: s.count,
    meanProbability: s.count > 0 ? s.p / s.count : null,
    observedRate: s.count > 0 ? s.y / s.count : null,
  }));
}
