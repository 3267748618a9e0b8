import { InputError, isoTime } from '../../core/index.js';
import type { OptimizeJob, TrialResult } from '../job.js';
import type { JobRunner } from '../runners/job-runner.js';
import { paramKey } from '../space.js';
import type { OpenedRun, OptimizeStore } from './optimize-store.types.js';

/**
 * Wraps any runner so an optimisation survives an interruption: a job whose result the store holds
 * is answered from it without running, the others run on the inner runner and each result is saved
 * as it arrives. Because the optimiser tells results to the searcher in job order, replaying stored
 * results gives the same proposals, so a resumed run ends with the report of an uninterrupted one.
 */
export class ResumableRunner implements JobRunner {
  readonly #inner: JobRunner;
  readonly #store: OptimizeStore;
  readonly #runId: string;
  readonly #stored: ReadonlyMap<number, TrialResult>;
  #answered = 0;
  #ran = 0;

  constructor(inner: JobRunner, store: OptimizeStore, run: Pick<OpenedRun, 'runId' | 'stored'>) {
    this.#inner = inner;
    this.#store = store;
    this.#runId = run.runId;
    this.#stored = run.stored;
  }

  get parallelism(): number {
    return this.#inner.parallelism;
  }

  /** Jobs answered from the store, and jobs run on the inner runner, so far. */
  get counts(): { readonly answered: number; readonly ran: number } {
    return { answered: this.#answered, ran: this.#ran };
  }

  async run(jobs: readonly OptimizeJob[], onResult?: (result: TrialResult) => void): Promise<TrialResult[]> {
    const results: (TrialResult | undefined)[] = jobs.map((job) => {
      const stored = this.#stored.get(job.id);
      if (stored) this.#checkSame(job, stored);
      return stored;
    });
    for (const r of results) {
      if (!r) continue;
      this.#answered++;
      onResult?.(r);
    }
    const todo = jobs.filter((_, i) => results[i] === undefined);
    if (todo.length === 0) return results as TrialResult[];

    const saved = new Set<number>();
    const saves: Promise<void>[] = [];
    const save = (r: TrialResult): void => {
      if (saved.has(r.jobId)) return;
      saved.add(r.jobId);
      this.#ran++;
      saves.push(this.#store.saveTrial(this.#runId, r));
    };
    let ran: TrialResult[] | undefined;
    let failure: { error: unknown } | undefined;
    try {
      ran = await this.#inner.run(todo, (r) => {
        save(r);
        onResult?.(r);
      });
      for (const r of ran) save(r);
    } catch (error) {
      failure = { error };
    }
    // Every result that arrived is saved before run() settles, also when the inner runner failed.
    const settled = await Promise.allSettled(saves);
    if (failure) throw failure.error;
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (rejected) throw rejected.reason;
    const byId = new Map((ran ?? []).map((r) => [r.jobId, r]));
    return jobs.map((job, i) => {
      const r = results[i] ?? byId.get(job.id);
      if (!r) throw new Error(`optimize run ${this.#runId}: the runner gave no result for job ${job.id}`);
      return r;
    });
  }

  /** Closes the inner runner. */
  close(): Promise<void> {
    return this.#inner.close();
  }

  #checkSame(job: OptimizeJob, stored: TrialResult): void {
    const same =
      paramKey(job.params) === paramKey(stored.params) &&
      job.window.from === stored.window.from &&
      job.window.to === stored.window.to;
    if (same) return;
    const what = (p: OptimizeJob['params'], w: OptimizeJob['window']): string =>
      `${JSON.stringify(p)} over ${isoTime(w.from)} .. ${isoTime(w.to)}`;
    throw new InputError(
      `optimize run ${this.#runId}: backtest ${job.id} is stored as ${what(stored.params, stored.window)} ` +
        `but this run asks for ${what(job.params, job.window)}: the run's inputs changed; ` +
        'start a new run (--no-resume)',
    );
  }
}
