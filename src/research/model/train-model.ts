import { InputError } from '../../core/index.js';
import { MODEL_ARTIFACT_VERSION, type ModelArtifact, type ModelKind } from './artifact-schema.js';
import { calibrate, fitPlatt, type Calibration } from './calibration.js';
import { dataHash } from './data-hash.js';
import { labelledRows, type Dataset } from './dataset.js';
import { fitXgboost, predictTrees, type XgboostOptions } from './gradient-boosting.js';
import { fitLogistic, predictProba, type LogisticOptions } from './logistic-regression.js';
import { evaluate } from './metrics.js';

export interface TrainInput {
  readonly dataset: Dataset;
  /** Indices into the labelled samples (labelledRows order), e.g. a fold of walkForwardSplits. */
  readonly train: readonly number[];
  /** Held-out indices for Platt scaling (disjoint from train and test); omit for no calibration. */
  readonly calibration?: readonly number[] | undefined;
  /** Out-of-sample indices the artifact's metrics are measured on (may be empty: null metrics). */
  readonly test: readonly number[];
  /** Default `logistic`. */
  readonly kind?: ModelKind | undefined;
  readonly logistic?: LogisticOptions | undefined;
  readonly xgboost?: XgboostOptions | undefined;
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

async function fit(input: TrainInput, rows: number[][], labels: number[]) {
  if ((input.kind ?? 'logistic') === 'logistic') {
    const model = fitLogistic(rows, labels, input.logistic);
    const fields = {
      kind: 'logistic' as const,
      coefficients: [...model.coefficients],
      intercept: model.intercept,
      scaler: { mean: [...model.scaler.mean], std: [...model.scaler.std] },
    };
    return { fields, predict: (x: number[][]) => predictProba(model, x) };
  }
  const model = await fitXgboost(rows, labels, input.xgboost);
  const fields = {
    kind: 'xgboost' as const,
    booster: { library: 'ml-xgboost' as const, options: { ...model.options }, model: model.model },
  };
  return { fields, predict: (x: number[][]) => predictTrees(model.trees, x) };
}

/**
 * Fits a model of `kind` on `train`, calibrates it on `calibration`, scores `test`, and returns the
 * artifact (hash of the training matrix and labels included).
 */
export async function trainModel(input: TrainInput): Promise<TrainResult> {
  const { dataset } = input;
  const all = labelledRows(dataset);
  const rows = pick(all.rows, input.train, 'train');
  const labels = pick(all.labels, input.train, 'train');
  const held = input.calibration ?? [];
  const model = await fit(input, rows, labels);
  let calibration: Calibration = { kind: 'none' };
  if (held.length > 0)
    calibration = fitPlatt(
      model.predict(pick(all.rows, held, 'calibration')),
      pick(all.labels, held, 'calibration'),
    );
  const testProbabilities = model
    .predict(pick(all.rows, input.test, 'test'))
    .map((p) => calibrate(calibration, p));
  const times = pick(all.sampleIndex, [...input.train, ...held], 'train').map(
    (k) => dataset.samples[k]?.time ?? 0,
  );
  const window = {
    from: times.reduce((a, b) => Math.min(a, b), Infinity),
    to: times.reduce((a, b) => Math.max(a, b), -Infinity),
  };
  const artifact: ModelArtifact = {
    ...model.fields,
    version: MODEL_ARTIFACT_VERSION,
    features: [...dataset.features],
    calibration,
    trainingWindow: window,
    horizonBars: dataset.horizonBars,
    cost: dataset.cost,
    metrics: evaluate(
      pick(all.labels, input.test, 'test'),
      testProbabilities,
      pick(all.returns, input.test, 'test'),
    ),
    dataHash: dataHash(rows, labels),
  };
  return { artifact, testProbabilities };
}
