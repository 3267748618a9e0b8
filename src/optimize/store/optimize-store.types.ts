import type { TrialResult } from '../job.js';
import type { Constraint } from '../objective.js';
import type { Dimension } from '../space.js';
import type { WalkForwardSpec } from '../walk-forward.js';

/** What a stored run was (JSON in `optimize_runs.description`): enough to read a listing without the key's inputs. */
export interface OptimizeRunDescription {
  readonly strategy: string;
  readonly space: Readonly<Record<string, Dimension>>;
  readonly searcher: string;
  readonly seed: number;
  /** Trials per search (per walk-forward window). */
  readonly trials: number;
  readonly batch: number;
  readonly walkForward: WalkForwardSpec | undefined;
  readonly objective: string;
  readonly constraints: readonly Constraint[];
  readonly data: {
    readonly exchange: string;
    readonly symbol: string;
    readonly timeframe: string;
    /** The span of the bars read, epoch ms (`to` exclusive). */
    readonly from: number;
    readonly to: number;
    readonly bars: number;
    readonly synthetic: boolean;
  };
  readonly marketHash: string;
  /** Backtests the run plans (trials, or a grid's size, per search, plus one out-of-sample run per window). */
  readonly plannedBacktests: number;
}

export type OptimizeRunStatus = 'running' | 'finished';

export interface OptimizeRunRecord {
  /** `opt-<first 12 hex of the key>-<seq>`. */
  readonly id: string;
  readonly key: string;
  /** 1 for the first run of a key, then 2, 3 ... for each `--no-resume`. */
  readonly seq: number;
  readonly createdAt: number;
  readonly finishedAt: number | undefined;
  readonly status: OptimizeRunStatus;
  readonly description: OptimizeRunDescription;
  /** Backtests stored so far. */
  readonly trials: number;
  /** The highest score of a feasible backtest (in-sample or out-of-sample); undefined when none. */
  readonly bestScore: number | undefined;
}

export interface OpenedRun {
  readonly runId: string;
  /** True when a stored run with the same key was picked up (finished or not). */
  readonly resumed: boolean;
  /** Its backtests stored so far, by job id (empty for a new run). */
  readonly stored: ReadonlyMap<number, TrialResult>;
}

/** `nmrbot optimize` runs and their backtests in the journal's database (SQLite or PostgreSQL). */
export interface OptimizeStore {
  /**
   * The latest run with `key` (finished or not) with its stored backtests; a new run when there is
   * none or `resume` is false (a new id; several runs may share a key).
   */
  openRun(
    key: string,
    description: OptimizeRunDescription,
    options?: { resume?: boolean },
  ): Promise<OpenedRun>;
  /** Stores one backtest. Idempotent: a job already stored for the run is left as it is. */
  saveTrial(runId: string, result: TrialResult): Promise<void>;
  /** Marks the run finished (again, after a resumed finished run). */
  finishRun(runId: string, finishedAt?: number): Promise<void>;
  /** Every run, the newest first. */
  listRuns(): Promise<OptimizeRunRecord[]>;
  run(runId: string): Promise<OptimizeRunRecord | undefined>;
  /** The run's stored backtests in job order. */
  trials(runId: string): Promise<TrialResult[]>;
  /** Releases what the store opened (not a database it was given). */
  close(): Promise<void>;
}

/** `opt-<12 hex>-<seq>`. */
export function optimizeRunId(key: string, seq: number): string {
  return `opt-${key.slice(0, 12)}-${seq}`;
}
