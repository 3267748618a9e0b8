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
