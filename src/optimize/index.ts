export {
  parseSpace,
  spaceSchema,
  gridValues,
  paramKey,
  type Space,
  type Dimension,
  type ParamSet,
  type ParamValue,
} from './space.js';
export { resolveParams, type ResolvedParams } from './apply-params.js';
export type { Searcher, Observation } from './search/searcher.types.js';
export { GridSearch, gridPoints } from './search/grid-search.js';
export { RandomSearch } from './search/random-search.js';
export { TpeSearch, type TpeOptions } from './search/tpe-search.js';
export { createSearcher, SEARCH_KINDS, type SearchKind } from './search/create-searcher.js';
export {
  resolveObjective,
  parseConstraint,
  scoreRun,
  OBJECTIVE_NAMES,
  type ObjectiveName,
  type ObjectiveFn,
  type Constraint,
} from './objective.js';
export { loadMarketData, runOnMarket, type MarketData, type TimeWindow } from './market-data.js';
export { runJob, type OptimizeJob, type TrialResult, type JobContext } from './job.js';
export { walkForwardWindows, type WalkForwardSpec, type WalkForwardWindow } from './walk-forward.js';
export { deflatedSharpe, expectedMaxSharpe, normalQuantile, moments } from './stats.js';
export { probabilityOfOverfitting, type PboResult } from './pbo.js';
export { diagnose, type Diagnostics } from './diagnostics.js';
export {
  optimize,
  optimizeOnMarket,
  type OptimizeOptions,
  type OptimizeReport,
  type OptimizeProgress,
  type SearchReport,
  type WalkForwardStep,
} from './optimize.js';
export type { JobRunner } from './runners/job-runner.js';
export { LocalRunner } from './runners/local-runner.js';
export { type PortableJobContext, jobContextFrom } from './portable-context.js';
export {
  shareMarket,
  marketFromShared,
  marketToBytes,
  marketFromBytes,
  marketHash,
  type SharedMarket,
  type MarketHeader,
} from './market-codec.js';
export { createThreadRunner, ThreadPoolRunner, type ThreadRunnerOptions } from './runners/thread-runner.js';
export {
  createQueueRunner,
  newRunId,
  QueueRunner,
  QueueJobFailedError,
  type QueueRunnerOptions,
} from './runners/queue-runner.js';
export {
  startQueueWorker,
  DEFAULT_QUEUE_NAME,
  RedisUnavailableError,
  type QueueWorker,
  type QueueWorkerEvent,
} from './queue/index.js';
