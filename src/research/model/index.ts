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
export { REGIME_FEATURE, featureNames, featureVector } from './features.js';
export { forwardLabel, roundTripCost, type ForwardLabel } from './labels.js';
export { buildDataset, labelledRows, type Dataset, type DatasetOptions, type Sample } from './dataset.js';
export { dataHash } from './data-hash.js';
export {
  MODEL_ARTIFACT_VERSION,
  MODEL_KINDS,
  type LogisticArtifact,
  type ModelArtifact,
  type ModelKind,
  type XgboostArtifact,
} from './artifact-schema.js';
export { checkFeatures, loadModel, parseModel, predictArtifact, saveModel } from './model-artifact.js';
export {
  XGBOOST_DEFAULTS,
  fitXgboost,
  predictTrees,
  type TreeModel,
  type XgboostOptions,
} from './gradient-boosting.js';
export { boosterImportance, parseBoosterTrees, type BoosterTrees } from './booster-trees.js';
export { loadXgboost } from './xgboost-runtime.js';
export { featureImportance, type FeatureImportance } from './feature-importance.js';
export { trainModel, type TrainInput, type TrainResult } from './train-model.js';
export { datasetFromStream } from './stream-dataset.js';
export { overlapsTraining } from './training-overlap.js';
export {
  METRIC_HEADER,
  formatEvaluate,
  formatFolds,
  formatImportance,
  formatMetrics,
  formatReliability,
  formatTrainHeading,
  formatTrainResults,
  metricCells,
  summariseDataset,
} from './format-model.js';
export type {
  DatasetSummary,
  EvaluateReport,
  FoldRow,
  MarketLabel,
  TrainReport,
} from './model-report.types.js';
export {
  calibrationSlice,
  evaluateWalkForward,
  type EvaluateOptions,
  type FoldResult,
  type WalkForwardEvaluation,
} from './evaluate-walk-forward.js';
export { combinerModelFromArtifact, loadCombinerModel } from './combiner-model.js';
