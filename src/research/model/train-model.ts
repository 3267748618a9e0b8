import { InputError } from '../../core/index.js';
import { calibrate, fitPlatt, type Calibration } from './calibration.js';
import { dataHash } from './data-hash.js';
import { labelledRows, type Dataset } from './dataset.js';
import { fitLogistic, predictProba, type LogisticOptions } from './logistic-regression.js';
import { evaluate } from './metrics.js';
import { MODEL_ARTIFACT_VERSION, type ModelArtifact } from './model-artifact.js';

export interface TrainInput {
  readonly dataset: Dataset;
  /** Indices into the labelled samples (labelledRows order), e.g. a fold of walkForwardSplits. */
  readonly train: readonly number[];
  /** Held-out indices for Platt scaling (disjoint from train and test); omit for no calibration. */
  readonly calibration?: readonly number[] | undefined;
  /** Out-of-sample indices the artifact's metrics are measured on. */
  readonly test: readonly number[];
  readonly logistic?: LogisticOptions | undefined;
}

export interface TrainResult {
  readonly artifact: ModelArtifact;
  /** Calibrated probabilities of the test samples, in `test` order. */
  readonly testProbabilities: readonly number[];
}

function pick<T>(values: readonly T[], indices: readonly number[], what: string): T[] {
  return indices.map((i) => {
    const v = values[i];
    if (v === undefined)
      throw new InputError(`${what} index ${i} is outside the ${values.length} labelled samples`);
    return v;
  });
}

/**
 * Fits the logistic baseline on `train`, calibrates on `calibration`, scores `test`, and returns the
 * artifact (hash of the training matrix and labels included).
 */
export function trainModel(input: TrainInput): TrainResult {
  const { dataset } = input;
  const all = labelledRows(dataset);
  const rows = pick(all.rows, input.train, 'train');
  const labels = pick(all.labels, input.train, 'train');
  const model = fitLogistic(rows, labels, input.logistic);
  let calibration: Calibration = { kind: 'none' };
  if (input.calibration && input.calibration.length > 0) {
    const held = pick(all.rows, input.calibration, 'calibration');
    calibration = fitPlatt(predictProba(model, held), pick(all.labels, input.calibration, 'calibration'));
  }
  const testProbabilities = predictProba(model, pick(all.rows, input.test, 'test')).map((p) =>
    calibrate(calibration, p),
  );
  const times = pick(all.sampleIndex, input.train, 'train').map((k) => dataset.samples[k]?.time ?? 0);
  const artifact: ModelArtifact = {
    kind: 'logistic',
    version: MODEL_ARTIFACT_VERSION,
    features: [...dataset.features],
    coefficients: [...model.coefficients],
    intercept: model.intercept,
    scaler: { mean: [...model.scaler.mean], std: [...model.scaler.std] },
    calibration,
    trainingWindow: { from: Math.min(...times), to: Math.max(...times) },
    horizonBars: dataset.horizonBars,
    metrics: evaluate(
      pick(all.labels, input.test, 'test'),
      testProbabilities,
      pick(all.returns, input.test, 'test'),
    ),
    dataHash: dataHash(rows, labels),
  };
  return { artifact, testProbabilities };
}
