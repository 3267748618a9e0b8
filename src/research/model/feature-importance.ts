import type { ModelArtifact } from './artifact-schema.js';
import { boosterImportance } from './booster-trees.js';
import { boosterOf } from './model-artifact.js';

/** One feature's weight in a model. */
export interface FeatureImportance {
  readonly feature: string;
  /**
   * Share of the model's total (sums to 1 over features, 0 for all when the model is empty): total
   * split gain for trees, |standardised coefficient| for the logistic model.
   */
  readonly share: number;
  /** Trees only: how many splits use the feature. */
  readonly splits?: number;
}

/** The features by importance, largest first (ties in feature order). */
export function featureImportance(artifact: ModelArtifact): FeatureImportance[] {
  let raw: number[];
  let splits: number[] | undefined;
  if (artifact.kind === 'logistic') raw = artifact.coefficients.map(Math.abs);
  else ({ gain: raw, splits } = boosterImportance(boosterOf(artifact)));
  const total = raw.reduce((s, v) => s + v, 0);
  return artifact.features
    .map((feature, j) => ({
      feature,
      share: total > 0 ? (raw[j] ?? 0) / total : 0,
      ...(splits === undefined ? {} : { splits: splits[j] ?? 0 }),
    }))
    .sort((a, b) => b.share - a.share);
}
