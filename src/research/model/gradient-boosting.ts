import { InputError } from '../../core/index.js';
import { boosterMargin, boosterRow, parseBoosterTrees, type BoosterTrees } from './booster-trees.js';
import { checkMatrix } from './logistic-regression.js';
import { sigmoid } from './newton-logistic.js';
import { loadXgboost, type BoosterOptions } from './xgboost-runtime.js';

/** Gradient-boosted trees (ml-xgboost, `binary:logistic`). Defaults in XGBOOST_DEFAULTS. */
export interface XgboostOptions {
  /** Boosting rounds (trees). */
  readonly rounds?: number | undefined;
  readonly maxDepth?: number | undefined;
  /** Learning rate. */
  readonly eta?: number | undefined;
  /** Share of the rows each tree is grown on (drawn from `seed`). */
  readonly subsample?: number | undefined;
  readonly colsampleByTree?: number | undefined;
  /** Minimum sum of hessians in a leaf (about p(1-p) per row: 5 is ~20 rows near p = 0.5). */
  readonly minChildWeight?: number | undefined;
  /** L2 penalty on leaf values. */
  readonly lambda?: number | undefined;
  /** XGBoost's random seed; the same seed and data give the same trees. */
  readonly seed?: number | undefined;
}

export const XGBOOST_DEFAULTS = {
  rounds: 100,
  maxDepth: 3,
  eta: 0.1,
  subsample: 0.8,
  colsampleByTree: 1,
  minChildWeight: 5,
  lambda: 1,
  seed: 0,
} as const satisfies Required<XgboostOptions>;

/** A fitted booster: ml-xgboost's binary model (base64) and options, and its parsed trees. */
export interface TreeModel {
  readonly model: string;
  readonly options: BoosterOptions;
  readonly trees: BoosterTrees;
}

function checkedOptions(options: XgboostOptions): Required<XgboostOptions> {
  const o = { ...XGBOOST_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof XgboostOptions, number | undefined][])
    if (value !== undefined) o[key] = value as never;
  const rule = (ok: boolean, name: string, what: string): void => {
    if (!ok) throw new InputError(`xgboost ${name} must be ${what}, got ${o[name as keyof typeof o]}`);
  };
  rule(Number.isInteger(o.rounds) && o.rounds >= 1, 'rounds', 'a whole number >= 1');
  rule(Number.isInteger(o.maxDepth) && o.maxDepth >= 1, 'maxDepth', 'a whole number >= 1');
  rule(o.eta > 0 && o.eta <= 1, 'eta', 'in (0, 1]');
  rule(o.subsample > 0 && o.subsample <= 1, 'subsample', 'in (0, 1]');
  rule(o.colsampleByTree > 0 && o.colsampleByTree <= 1, 'colsampleByTree', 'in (0, 1]');
  rule(o.minChildWeight >= 0, 'minChildWeight', '>= 0');
  rule(o.lambda >= 0, 'lambda', '>= 0');
  rule(Number.isInteger(o.seed) && o.seed >= 0, 'seed', 'a whole number >= 0');
  return o;
}

/**
 * Fits gradient-boosted trees to 0/1 labels in the ml-xgboost WASM module and frees the booster.
 * Deterministic: XGBoost reseeds its generator from `seed` for each booster.
 */
export async function fitXgboost(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: XgboostOptions = {},
): Promise<TreeModel> {
  checkMatrix(rows, labels);
  const o = checkedOptions(options);
  const XGBoost = await loadXgboost();
  const booster = new XGBoost({
    booster: 'gbtree',
    objective: 'binary:logistic',
    max_depth: o.maxDepth,
    eta: o.eta,
    subsample: o.subsample,
    colsample_bytree: o.colsampleByTree,
    min_child_weight: o.minChildWeight,
    lambda: o.lambda,
    seed: o.seed,
    silent: 1,
    iterations: o.rounds,
  });
  try {
    booster.train(rows.map(boosterRow), labels);
    const json = booster.toJSON();
    const model = Buffer.from(Int8Array.from(json.model).buffer).toString('base64');
    return { model, options: json.options, trees: parseBoosterTrees(Buffer.from(model, 'base64')) };
  } finally {
    booster.free();
  }
}

/** P(label = 1) for each row, before any calibration. */
export function predictTrees(trees: BoosterTrees, rows: readonly (readonly number[])[]): number[] {
  return rows.map((x) => {
    if (x.length !== trees.featureCount)
      throw new InputError(`row has ${x.length} features, the model ${trees.featureCount}`);
    return sigmoid(boosterMargin(trees, x));
  });
}
