import type { BacktestResult } from '../../backtest/index.js';
import { defaultConfig, type NmrbotConfig } from '../../config/index.js';
import type { WeightChangeStore } from '../../journal/index.js';
import {
  type AdaptiveWeights,
  type FamilyWeights,
  WeightReplay,
  formatWeightPath,
  journalWeightReviews,
} from '../../research/review/index.js';

/** The strategy param holding the weights source (`nmr-playbook` reads it at every decision). */
export const WEIGHTS_PARAM = 'weights';

/**
 * `--adapt-weights`: the weekly review replayed in the run with the `journal.review` settings, every
 * proposal applied from the next bar on. Starts at `signals.weights`; shrinks toward the defaults.
 */
export function weightReplayFor(config: NmrbotConfig, runId: string, weights: AdaptiveWeights): WeightReplay {
  const review = config.journal.review;
  return new WeightReplay({
    intervalDays: review.intervalDays,
    horizonHours: review.horizonHours,
    settings: { shrinkage: review.shrinkage, maxStep: review.maxWeightStep, minSamples: review.minSamples },
    defaults: defaultConfig().signals.weights,
    initial: weights.read(),
    apply: true,
    runId,
    weights,
  });
}

/**
 * Journals the run's replayed reviews in `weight_changes` (scope `backtest:<run id>`, never the live
 * bot's) and returns the weight path to print.
 */
export async function recordWeightReviews(
  changes: WeightChangeStore,
  runId: string,
  result: BacktestResult,
  initial: FamilyWeights,
): Promise<string> {
  const reviews = result.weightReviews ?? [];
  await journalWeightReviews(changes, runId, reviews);
  return formatWeightPath(initial, reviews);
}

/** The result JSON with the replayed reviews added under `weightReviews` (when there are any). */
export function withWeightReviews<T extends object>(json: T, result: BacktestResult): T {
  return result.weightReviews ? { ...json, weightReviews: result.weightReviews } : json;
}
