export {
  type OptimizeStore,
  type OptimizeRunDescription,
  type OptimizeRunRecord,
  type OptimizeRunStatus,
  type OpenedRun,
  optimizeRunId,
} from './optimize-store.types.js';
export { SqliteOptimizeStore } from './sqlite-optimize-store.js';
export { PostgresOptimizeStore } from './postgres-optimize-store.js';
export { openOptimizeStore } from './open-optimize-store.js';
export { ResumableRunner } from './resumable-runner.js';
export { optimizeRunKey, plannedBacktests, type OptimizeRunInputs } from './run-key.js';
export { exactJson, parseExactJson } from './codec.js';
