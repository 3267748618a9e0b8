import { InputError } from '../../core/index.js';

/**
 * Walk-forward train/test splits over sample indices, with purge and embargo (after López de Prado,
 * "Advances in Financial Machine Learning", ch. 7).
 *
 * Samples are consecutive bars: sample i is taken at close i and its label is the move from close i
 * to close i + horizon, so its label window is the half-open interval (i, i + horizon] of closes.
 * Two samples share price information exactly when their label windows overlap.
 */
export interface WalkForwardOptions {
  /** Number of labelled samples. */
  readonly samples: number;
  /** Label horizon in samples (bars), at least 1. */
  readonly horizon: number;
  /** Rolling: the training window's length. Anchored: the first training window's length. */
  readonly trainSize: number;
  readonly testSize: number;
  /** Samples between the starts of consecutive test windows (default: testSize). */
  readonly step?: number | undefined;
  /** `rolling` trains on the trainSize samples before the test; `anchored` on all samples since 0. */
  readonly mode: 'rolling' | 'anchored';
  /** Samples after a test window's label span that training may not use (default 0). */
  readonly embargo?: number | undefined;
  /**
   * Also train on the samples after the test window (purged cross-validation rather than pure
   * walk-forward). Only then does the embargo remove anything. Default false.
   */
  readonly trainAfterTest?: boolean | undefined;
}

export interface Fold {
  readonly index: number;
  readonly train: readonly number[];
  readonly test: readonly number[];
  /** Candidates dropped because their label window overlaps the test windows'. */
  readonly purged: readonly number[];
  /** Candidates after the test window dropped by the embargo. */
  readonly embargoed: readonly number[];
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min)
    throw new InputError(`walk-forward option ${name} must be an integer >= ${min}, got ${value}`);
}

/**
 * The folds: the first test window starts at `trainSize`, each next one `step` later; the last may be
 * shorter. A training candidate i before the test window [a, b) is kept only if i + horizon <= a; one
 * after it only if i >= b - 1 + horizon + embargo. Folds left without training samples are skipped.
 */
export function walkForwardSplits(options: WalkForwardOptions): Fold[] {
  const { samples: n, horizon: h, trainSize, testSize, mode } = options;
  const step = options.step ?? testSize;
  const embargo = options.embargo ?? 0;
  checkCount('samples', n, 0);
  checkCount('horizon', h, 1);
  checkCount('trainSize', trainSize, 1);
  checkCount('testSize', testSize, 1);
  checkCount('step', step, 1);
  checkCount('embargo', embargo, 0);
  const folds: Fold[] = [];
  for (let a = trainSize; a < n; a += step) {
    const b = Math.min(a + testSize, n);
    const train: number[] = [];
    const purged: number[] = [];
    const embargoed: number[] = [];
    for (let i = mode === 'rolling' ? a - trainSize : 0; i < a; i++) {
      (i + h <= a ? train : purged).push(i);
    }
    if (options.trainAfterTest) {
      const labelEnd = b - 1 + h;
      for (let i = b; i < n; i++) {
        if (i < labelEnd) purged.push(i);
        else if (i < labelEnd + embargo) embargoed.push(i);
        else train.push(i);
      }
    }
    if (train.length === 0) continue;
    const test = Array.from({ length: b - a }, (_, k) => a + k);
    folds.push({ index: folds.length, train, test, purged, embargoed });
  }
  return folds;
}
