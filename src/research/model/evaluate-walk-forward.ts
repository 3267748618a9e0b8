import { InputError } from '../../core/index.js';
import { labelledRows, type Dataset } from './dataset.js';
import type { ModelKind } from './artifact-schema.js';
import type { XgboostOptions } from './gradient-boosting.js';
import type { LogisticOptions } from './logistic-regression.js';
import { evaluate, type ModelMetrics } from './metrics.js';
import { trainModel } from './train-model.js';
import { walkForwardSplits, type WalkForwardOptions } from './walk-forward.js';

export interface FoldResult {
  readonly index: number;
  readonly fit: number;
  readonly calibration: number;
  readonly test: readonly number[];
  readonly metrics: ModelMetrics;
}

export interface WalkForwardEvaluation {
  readonly folds: readonly FoldResult[];
  /** Every fold's test predictions scored together. */
  readonly pooled: ModelMetrics;
  /** The pooled test samples: 0/1 labels and calibrated probabilities (for a reliability table). */
  readonly labels: readonly number[];
  readonly probabilities: readonly number[];
}

export interface EvaluateOptions {
  readonly split: Omit<WalkForwardOptions, 'samples' | 'horizon'>;
  /** Share of each fold's pre-test training samples held out (at its end) for Platt scaling; 0 = none. */
  readonly calibrationShare?: number | undefined;
  /** Default `logistic`. */
  readonly kind?: ModelKind | undefined;
  readonly logistic?: LogisticOptions | undefined;
  readonly xgboost?: XgboostOptions | undefined;
  /** Called after each fold with the number of folds done and in all (progress). */
  readonly onFold?: ((done: number, total: number) => void) | undefined;
}

/**
 * Splits consecutive training samples into the last `share` (held out for calibration; none when
 * that is fewer than 2) and the samples to fit on, purged against it: i + horizon <= its first index.
 */
export function calibrationSlice(
  window: readonly number[],
  share: number,
  horizon: number,
): { fit: number[]; calibration: number[] } {
  const held = window.slice(window.length - Math.floor(window.length * share));
  const calibration = held.length >= 2 ? held : [];
  const start = calibration[0] ?? Infinity;
  return { fit: window.filter((i) => i + horizon <= start), calibration };
}

/**
 * Trains and scores one model per walk-forward fold. The calibration slice is the last
 * `calibrationShare` of the training samples before the test window; the samples fit on are purged
 * against it the same way (i + horizon <= its first index), so calibration is out of sample too.
 */
export async function evaluateWalkForward(
  dataset: Dataset,
  options: EvaluateOptions,
): Promise<WalkForwardEvaluation> {
  const share = options.calibrationShare ?? 0.2;
  if (!(share >= 0 && share < 1)) throw new InputError(`calibrationShare must be in [0, 1), got ${share}`);
  const all = labelledRows(dataset);
  const h = dataset.horizonBars;
  const folds: FoldResult[] = [];
  const labels: number[] = [];
  const probs: number[] = [];
  const returns: number[] = [];
  const splits = walkForwardSplits({ ...options.split, samples: all.rows.length, horizon: h });
  for (const [done, fold] of splits.entries()) {
    const firstTest = fold.test[0] ?? 0;
    const before = fold.train.filter((i) => i < firstTest);
    const { calibration, fit: fitBefore } = calibrationSlice(before, share, h);
    const fit = [...fitBefore, ...fold.train.filter((i) => i > firstTest)];
    if (fit.length === 0) {
      options.onFold?.(done + 1, splits.length);
      continue;
    }
    const { artifact, testProbabilities } = await trainModel({
      dataset,
      train: fit,
      calibration,
      test: fold.test,
      kind: options.kind,
      logistic: options.logistic,
      xgboost: options.xgboost,
    });
    folds.push({
      index: fold.index,
      fit: fit.length,
      calibration: calibration.length,
      test: fold.test,
      metrics: artifact.metrics,
    });
    fold.test.forEach((i, k) => {
      labels.push(all.labels[i] ?? 0);
      returns.push(all.returns[i] ?? 0);
      probs.push(testProbabilities[k] ?? 0.5);
    });
    options.onFold?.(done + 1, splits.length);
  }
  return { folds, pooled: evaluate(labels, probs, returns), labels, probabilities: probs };
}
