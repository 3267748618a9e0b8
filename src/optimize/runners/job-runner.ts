import type { OptimizeJob, TrialResult } from '../job.js';

/**
 * Where an optimisation's backtests run: in this process, on worker threads, or on queue workers.
 * Every runner gives the same results for the same jobs; only the wall time differs.
 */
export interface JobRunner {
  /** How many jobs it runs at once (the optimiser asks the searcher for this many at a time). */
  readonly parallelism: number;
  /**
   * Runs `jobs`, calling `onResult` as each one finishes (in any order), and resolves with the
   * results in the order of `jobs`.
   */
  run(jobs: readonly OptimizeJob[], onResult?: (result: TrialResult) => void): Promise<TrialResult[]>;
  /** Frees threads, connections and queues. */
  close(): Promise<void>;
}
