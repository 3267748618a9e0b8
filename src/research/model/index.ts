export {
  auc,
  averageRanks,
  brier,
  evaluate,
  hitRate,
  informationCoefficient,
  logLoss,
  pearson,
  spearman,
  type ModelMetrics,
} from './metrics.js';
export { walkForwardSplits, type Fold, type WalkForwardOptions } from './walk-forward.js';
export { fitLogistic, fitScaler, predictProba, standardise } from './logistic-regression.js';
export type { LogisticModel, LogisticOptions, Scaler } from './logistic-regression.js';
export { sigmoid, logit } from './newton-logistic.js';
export { calibrate, fitPlatt, reliability, type Calibration, type ReliabilityBin } from './calibration.js';
