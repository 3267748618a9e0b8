import { type JobContext, type OptimizeJob, type TrialResult, runJob } from '../job.js';
import type { JobRunner } from './job-runner.js';

/** Runs jobs one after another in this process. */
export class LocalRunner implements JobRunner {
  readonly parallelism = 1;
  readonly #ctx: JobContext;

  constructor(ctx: JobContext) {
    this.#ctx = ctx;
  }

  async run(jobs: readonly OptimizeJob[], onResult?: (result: TrialResult) => void): Promise<TrialResult[]> {
    const results: TrialResult[] = [];
    for (const job of jobs) {
      const r = await runJob(this.#ctx, job);
      onResult?.(r);
      results.push(r);
    }
    return results;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
