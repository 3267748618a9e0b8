import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type JobsOptions, Queue, QueueEvents } from 'bullmq';
import { InputError, NmrbotError } from '../../core/index.js';
import type { OptimizeJob, TrialResult } from '../job.js';
import { marketToBytes } from '../market-codec.js';
import type { MarketData } from '../market-data.js';
import type { PortableJobContext } from '../portable-context.js';
import { checkRedisUrl, connected } from '../queue/connection.js';
import { decodeJson, decodeTrial, encodeJson } from '../queue/json-codec.js';
import {
  bullJobId,
  checkQueueName,
  checkRunId,
  contextKey,
  DEFAULT_QUEUE_NAME,
  marketKey,
  type QueueJobData,
  type StoredRunContext,
  TRIAL_JOB_NAME,
} from '../queue/protocol.js';
import type { JobRunner } from './job-runner.js';

const DAY_S = 86_400;

export interface QueueRunnerOptions {
  readonly redisUrl: string;
  /** Names the run in Redis keys and job ids; the same id resumes: jobs already done are not run again. */
  readonly runId: string;
  readonly portable: PortableJobContext;
  readonly market: MarketData;
  readonly queueName?: string;
  /**
   * Jobs handed to the queue at once, which is the searcher's batch (default 8). The number of live
   * workers is not known here; set it to about the number of worker processes.
   */
  readonly parallelism?: number;
  /** Times a job that throws is tried (default 1: a backtest that throws throws again). */
  readonly attempts?: number;
  /** How often unfinished jobs are also looked up directly, in case an event was missed, ms (default 1,000). */
  readonly pollMs?: number;
  /** How long to wait for Redis at the start, ms (default 5,000). */
  readonly connectTimeoutMs?: number;
}

/** A queue job failed on a worker after all its attempts. */
export class QueueJobFailedError extends NmrbotError {
  override readonly name = 'QueueJobFailedError';
  readonly code = 'QUEUE_JOB_FAILED';
}

/** A fresh run id: time and randomness, valid as a Redis key part and a BullMQ job id prefix. */
export function newRunId(now = Date.now()): string {
  return `opt-${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * Runs an optimisation's jobs on BullMQ workers (`nmrbot worker`). The run's context and market go
 * to Redis once; each job is a BullMQ job with id `<runId>/<job id>`, so a resumed run never adds a
 * job twice and takes the results of jobs already done.
 */
export async function createQueueRunner(o: QueueRunnerOptions): Promise<QueueRunner> {
  const url = checkRedisUrl(o.redisUrl);
  const runId = checkRunId(o.runId);
  const queueName = checkQueueName(o.queueName ?? DEFAULT_QUEUE_NAME);
  const parallelism = o.parallelism ?? 8;
  if (!(Number.isInteger(parallelism) && parallelism >= 1))
    throw new InputError(`queue runner parallelism must be an integer >= 1, got ${parallelism}`);
  const timeoutMs = o.connectTimeoutMs ?? 5000;
  const queue = new Queue<QueueJobData, string>(queueName, { connection: { url } });
  try {
    await connected(queue, url, timeoutMs);
  } catch (e) {
    await queue.close();
    throw e;
  }
  // Only once Redis answered: QueueEvents.close() waits for a connection that never came.
  const events = new QueueEvents(queueName, { connection: { url } });
  try {
    await connected(events, url, timeoutMs);
    await storeRun(await queue.client, runId, o.portable, o.market);
  } catch (e) {
    await Promise.race([Promise.allSettled([queue.close(), events.close()]), sleep(1000)]);
    throw e;
  }
  return new QueueRunner(queue, events, runId, parallelism, o.attempts ?? 1, o.pollMs ?? 1000);
}

interface RedisKv {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
}

async function storeRun(
  client: RedisKv,
  runId: string,
  portable: PortableJobContext,
  market: MarketData,
): Promise<void> {
  const bytes = marketToBytes(market);
  const marketHash = createHash('sha256').update(bytes).digest('hex');
  const previous = await client.get(contextKey(runId));
  if (previous !== null) {
    const stored = decodeJson<StoredRunContext>(previous);
    if (stored.marketHash !== marketHash || encodeJson(stored.portable) !== encodeJson(portable)) {
      throw new InputError(
        `run ${runId} is already in Redis with another ${stored.marketHash !== marketHash ? 'market' : 'context'}: use a new run id`,
      );
    }
  }
  await client.set(marketKey(runId), bytes.toString('base64'));
  await client.set(contextKey(runId), encodeJson({ portable, marketHash } satisfies StoredRunContext));
}

interface Pending {
  readonly job: OptimizeJob;
  readonly since: number;
  readonly resolve: (r: TrialResult) => void;
  readonly reject: (e: Error) => void;
}

export class QueueRunner implements JobRunner {
  readonly parallelism: number;
  readonly runId: string;
  readonly #queue: Queue<QueueJobData, string>;
  readonly #events: QueueEvents;
  readonly #attempts: number;
  readonly #pollMs: number;
  readonly #pending = new Map<string, Pending>();
  readonly #cleanups = new Set<Promise<unknown>>();
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #closed = false;

  constructor(
    queue: Queue<QueueJobData, string>,
    events: QueueEvents,
    runId: string,
    parallelism: number,
    attempts: number,
    pollMs: number,
  ) {
    this.#queue = queue;
    this.#events = events;
    this.runId = runId;
    this.parallelism = parallelism;
    this.#attempts = attempts;
    this.#pollMs = pollMs;
    events.on('completed', ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      if (typeof returnvalue === 'string') this.#complete(jobId, returnvalue);
    });
    events.on('failed', ({ jobId, failedReason }: { jobId: string; failedReason: string }) => {
      this.#fail(jobId, failedReason);
    });
  }

  async run(jobs: readonly OptimizeJob[], onResult?: (result: TrialResult) => void): Promise<TrialResult[]> {
    if (this.#closed) throw new InputError('queue runner: run() after close()');
    const ids = jobs.map((job) => bullJobId(this.runId, job.id));
    if (new Set(ids).size !== ids.length)
      throw new InputError('queue runner: two jobs with the same id in one batch');
    // Listen first, then look and add: a result that arrives in between is not missed.
    const results = jobs.map(
      (job, k) =>
        new Promise<TrialResult>((resolve, reject) => {
          this.#pending.set(ids[k] as string, {
            job,
            since: performance.now(),
            resolve: (r) => {
              onResult?.(r);
              resolve(r);
            },
            reject,
          });
        }),
    );
    const all = Promise.all(results);
    try {
      await this.#submit(jobs, ids);
      this.#startPolling();
      return await all;
    } catch (e) {
      all.catch(() => undefined);
      for (const id of ids) this.#pending.delete(id);
      throw e;
    }
  }

  async #submit(jobs: readonly OptimizeJob[], ids: readonly string[]): Promise<void> {
    const states = await Promise.all(ids.map((id) => this.#queue.getJobState(id)));
    const add: { name: string; data: QueueJobData; opts: JobsOptions }[] = [];
    await Promise.all(
      states.map(async (state, k) => {
        const id = ids[k] as string;
        if (state === 'unknown') {
          add.push({
            name: TRIAL_JOB_NAME,
            data: { runId: this.runId, job: jobs[k] as OptimizeJob },
            // Kept a day for a resumed run or a late look-up; a consumed job is removed at once.
            opts: {
              jobId: id,
              attempts: this.#attempts,
              removeOnComplete: { age: DAY_S },
              removeOnFail: { age: DAY_S },
            },
          });
        } else if (state === 'completed') {
          await this.#lookUp(id);
        } else if (state === 'failed') {
          // A resumed run: the job failed before; try it again.
          await (await this.#queue.getJob(id))?.retry('failed');
        }
        // waiting, active, delayed: a worker will finish it and the event (or the poll) brings it.
      }),
    );
    if (add.length > 0) await this.#queue.addBulk(add);
  }

  /** Settles a pending job from its stored state (missed event, resumed run). */
  async #lookUp(id: string): Promise<void> {
    const job = await this.#queue.getJob(id);
    if (!job) {
      this.#pending.get(id)?.reject(new QueueJobFailedError(`queue job ${id} disappeared from the queue`));
      this.#pending.delete(id);
      return;
    }
    const state = await job.getState();
    if (state === 'completed' && typeof job.returnvalue === 'string') this.#complete(id, job.returnvalue);
    else if (state === 'failed') this.#fail(id, job.failedReason);
  }

  #complete(id: string, returnvalue: string): void {
    const p = this.#pending.get(id);
    if (!p) return; // another run's job, or a duplicate event: the first result counts
    this.#pending.delete(id);
    let result: TrialResult;
    try {
      result = decodeTrial(returnvalue);
    } catch (e) {
      p.reject(new QueueJobFailedError(`queue job ${id}: unreadable result (${String(e)})`));
      return;
    }
    if (result.jobId !== p.job.id) {
      p.reject(new QueueJobFailedError(`queue job ${id}: the result is for job ${result.jobId}`));
      return;
    }
    this.#removeLater(id);
    p.resolve(result);
  }

  #fail(id: string, reason: string): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    p.reject(new QueueJobFailedError(`job ${p.job.id} of run ${this.runId} failed on a worker: ${reason}`));
  }

  /** A consumed job leaves Redis (in the background; close() waits for it). */
  #removeLater(id: string): void {
    const done = this.#queue.remove(id).catch(() => 0);
    this.#cleanups.add(done);
    void done.finally(() => this.#cleanups.delete(done));
  }

  #startPolling(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#poll(), this.#pollMs);
    this.#timer.unref();
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const now = performance.now();
      const late = [...this.#pending.entries()]
        .filter(([, p]) => now - p.since >= this.#pollMs)
        .map(([id]) => id);
      await Promise.all(late.map((id) => this.#lookUp(id)));
    } catch {
      // Redis hiccup: the next poll tries again; the events may still deliver.
    } finally {
      this.#polling = false;
    }
  }

  /** Stops waiting, drops the run's unfinished jobs that no worker holds, deletes its keys, disconnects. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    const unfinished = [...this.#pending.keys()];
    for (const p of this.#pending.values()) p.reject(new QueueJobFailedError('queue runner closed'));
    this.#pending.clear();
    await Promise.allSettled([...this.#cleanups, ...unfinished.map((id) => this.#queue.remove(id))]);
    try {
      const client = await this.#queue.client;
      await client.del(contextKey(this.runId), marketKey(this.runId));
    } finally {
      await Promise.allSettled([this.#events.close(), this.#queue.close()]);
    }
  }
}
