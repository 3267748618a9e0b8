import { InputError } from '../../core/index.js';
import { newtonLogistic, sigmoid } from './newton-logistic.js';

/** Per-feature mean and standard deviation of the training rows (a constant feature gets std 1). */
export interface Scaler {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export interface LogisticOptions {
  /** L2 penalty on the standardised coefficients (mean-loss scale). Default 0.01. */
  readonly l2?: number | undefined;
  readonly maxIterations?: number | undefined;
  /** Stop when no weight moves more than this. Default 1e-9. */
  readonly tolerance?: number | undefined;
}

/** A fitted L2 logistic regression; coefficients apply to standardised features. */
export interface LogisticModel {
  readonly coefficients: readonly number[];
  readonly intercept: number;
  readonly scaler: Scaler;
  readonly l2: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export function fitScaler(rows: readonly (readonly number[])[]): Scaler {
  const p = rows[0]?.length ?? 0;
  const n = rows.length;
  const mean = new Array<number>(p).fill(0);
  const std = new Array<number>(p).fill(0);
  for (const x of rows) for (let j = 0; j < p; j++) mean[j] = (mean[j] ?? 0) + (x[j] ?? 0) / n;
  for (const x of rows)
    for (let j = 0; j < p; j++) std[j] = (std[j] ?? 0) + ((x[j] ?? 0) - (mean[j] ?? 0)) ** 2 / n;
  return { mean, std: std.map((v) => (Math.sqrt(v) > 1e-12 ? Math.sqrt(v) : 1)) };
}

export function standardise(scaler: Scaler, x: readonly number[]): number[] {
  return x.map((v, j) => (v - (scaler.mean[j] ?? 0)) / (scaler.std[j] ?? 1));
}

export function checkMatrix(rows: readonly (readonly number[])[], y: readonly number[]): void {
  if (rows.length === 0) throw new InputError('a model needs at least one training row');
  if (rows.length !== y.length) throw new InputError(`${rows.length} training rows but ${y.length} labels`);
  const p = rows[0]?.length ?? 0;
  rows.forEach((x, i) => {
    if (x.length !== p) throw new InputError(`training row ${i} has ${x.length} features, row 0 has ${p}`);
    if (!x.every(Number.isFinite)) throw new InputError(`training row ${i} has a non-finite feature`);
  });
  y.forEach((t, i) => {
    if (!(t >= 0 && t <= 1)) throw new InputError(`label ${i} is ${t}, not in [0, 1]`);
  });
}

/**
 * Fits the baseline: features standardised with a scaler fit on these (training) rows only, then
 * L2-regularised logistic regression by IRLS. Same input, same model, bit for bit.
 */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: LogisticOptions = {},
): LogisticModel {
  checkMatrix(rows, labels);
  const l2 = options.l2 ?? 0.01;
  const scaler = fitScaler(rows);
  const z = rows.map((x) => standardise(scaler, x));
  const fit = newtonLogistic(z, labels, {
    l2,
    maxIterations: options.maxIterations ?? 100,
    tolerance: options.tolerance ?? 1e-9,
  });
  const p = scaler.mean.length;
  return {
    coefficients: fit.weights.slice(0, p),
    intercept: fit.weights[p] ?? 0,
    scaler,
    l2,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

/** P(label = 1) for each row, before any calibration. */
export function predictProba(
  model: Pick<LogisticModel, 'coefficients' | 'intercept' | 'scaler'>,
  rows: readonly (readonly number[])[],
): number[] {
  return rows.map((x) => {
    if (x.length !== model.coefficients.length)
      throw new InputError(`row has ${x.length} features, the model ${model.coefficients.length}`);
    const z = standardise(model.scaler, x);
    return sigmoid(z.reduce((s, v, j) => s + v * (model.coefficients[j] ?? 0), model.intercept));
  });
}
