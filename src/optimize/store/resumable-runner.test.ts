import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OptimizeJob, TrialResult } from '../job.js';
import type { JobRunner } from '../runners/job-runner.js';
import type { OptimizeRunDescription } from './optimize-store.types.js';
import { ResumableRunner } from './resumable-runner.js';
import { SqliteOptimizeStore } from './sqlite-optimize-store.js';

const DESCRIPTION = { strategy: 'x' } as unknown as OptimizeRunDescription;
const WINDOW = { from: 0, to: 3_600_000 };

/** The result a job gives here: score = 10 x fast (fast 0 is rejected). */
function resultOf(job: OptimizeJob): TrialResult {
  const fast = job.params['fast'] as number;
  return {
    jobId: job.id,
    params: job.params,
    window: job.window,
    score: fast === 0 ? -Infinity : 10 * fast,
    rejected: fast === 0 ? ['fast must be > 0'] : [],
    metrics: undefined,
    dailyReturns: [fast / 100],
    equity: { time: [], equity: [] },
  };
}

/** Finishes a batch in reverse order; `silent` never calls onResult (a runner may only return results). */
class StubRunner implements JobRunner {
  readonly parallelism = 4;
  ran: number[] = [];
  constructor(private readonly silent = false) {}
  run(jobs: readonly OptimizeJob[], onResult?: (r: TrialResult) => void): Promise<TrialResult[]> {
    const out = jobs.map(resultOf);
    for (const r of [...out].reverse()) {
      this.ran.push(r.jobId);
      if (!this.silent) onResult?.(r);
    }
    return Promise.resolve(out);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const jobs = (fasts: number[]): OptimizeJob[] =>
  fasts.map((fast, id) => ({ id, params: { fast }, window: WINDOW }));

describe('ResumableRunner', () => {
  let store: SqliteOptimizeStore;
  beforeEach(() => {
    store = new SqliteOptimizeStore(new Database(':memory:'), { owned: true });
  });
  afterEach(() => store.close());

  it('answers stored jobs first, runs the rest, returns results in job order and stores what it ran', async () => {
    const run = await store.openRun('a'.repeat(64), DESCRIPTION);
    const batch = jobs([1, 0, 3, 4]);
    await store.saveTrial(run.runId, resultOf(batch[2] as OptimizeJob));
    const inner = new StubRunner();
    const runner = new ResumableRunner(inner, store, await store.openRun('a'.repeat(64), DESCRIPTION));
    expect(runner.parallelism).toBe(4);
    const seen: number[] = [];
    const results = await runner.run(batch, (r) => seen.push(r.jobId));
    expect(results).toEqual(batch.map(resultOf));
    expect(seen).toEqual([2, 3, 1, 0]);
    expect(inner.ran).toEqual([3, 1, 0]);
    expect(runner.counts).toEqual({ answered: 1, ran: 3 });
    expect(await store.trials(run.runId)).toEqual(batch.map(resultOf));
  });

  it('stores the results of a runner that only returns them (no onResult calls)', async () => {
    const run = await store.openRun('b'.repeat(64), DESCRIPTION);
    const runner = new ResumableRunner(new StubRunner(true), store, run);
    await runner.run(jobs([5, 6]));
    expect(runner.counts).toEqual({ answered: 0, ran: 2 });
    expect((await store.trials(run.runId)).map((t) => t.score)).toEqual([50, 60]);
  });

  it('fails the batch when a result cannot be saved', async () => {
    const run = await store.openRun('c'.repeat(64), DESCRIPTION);
    store.db.exec('DROP TABLE optimize_trials');
    const runner = new ResumableRunner(new StubRunner(), store, run);
    await expect(runner.run(jobs([1]))).rejects.toThrow(/no such table: optimize_trials/);
  });
});
