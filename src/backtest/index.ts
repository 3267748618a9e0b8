export { runBacktest, loadBars, loadSpot } from './run-backtest.js';
export { BarLoop, type BarLoopOptions } from './bar-loop.js';
export { venueFundingCoverage } from './run-result.js';
export type {
  BacktestSpec,
  BacktestInput,
  BacktestResult,
  BacktestCounts,
  BacktestReviewer,
  WeightReviewRecord,
} from './backtest.types.js';
export { computeMetrics, type BacktestMetrics, type GroupStats } from './metrics.js';
export {
  planFunding,
  DEFAULT_FUNDING_FALLBACK,
  type FundingFallback,
  type FundingCoverage,
  type FundingPlan,
} from './funding-sources.js';
export { fanOutObserver } from './fan-out-observer.js';
