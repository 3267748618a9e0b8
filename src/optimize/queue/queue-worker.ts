import { createHash } from 'node:crypto';
import { type Job, Worker } from 'bullmq';
import { type JobContext, runJob } from '../job.js';
import { marketFromBytes } from '../market-codec.js';
import { jobContextFrom } from '../portable-context.js';
import {
  checkQueueName,
  contextKey,
  DEFAULT_QUEUE_NAME,
  marketKey,
  type QueueJobData,
  type StoredRunContext,
} from './protocol.js';
import { checkRedisUrl, connected, redactRedisUrl } from './connection.js';
import { decodeJson, encodeTrial } from './json-codec.js';

export interface QueueWorkerOptions {
  readonly redisUrl: string;
  readonly queueName?: string;
  /** Jobs at once in this process (default 1: a backtest holds the CPU; run one process per core instead). */
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal, ms (default 60,000). A backtest blocks the event
   * loop, so the lock cannot be renewed during one: this must exceed the longest single backtest, or
   * a live worker's job is taken for stalled and run twice (the slower result is dropped).
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died (lock expired), ms (default 30,000). */
  readonly stalledIntervalMs?: number;
  /** Times a job may be recovered from a dead worker before it fails (default 2). */
  readonly maxStalledCount?: number;
  /** How long to wait for Redis at the start, ms (default 5,000). */
  readonly connectTimeoutMs?: number;
  /** Runs the worker keeps loaded (context and market), most recent first (default 4). */
  readonly cachedRuns?: number;
  readonly onEvent?: (event: QueueWorkerEvent) => void;
}

export type QueueWorkerEvent =
  | { readonly type: 'started'; readonly runId: string; readonly jobId: number; readonly attempt: number }
  | {
      readonly type: 'finished';
      readonly runId: string;
      readonly jobId: number;
      readonly ms: number;
      readonly score: number;
    }
  | { readonly type: 'failed'; readonly runId: string; readonly jobId: number; readonly error: string };

export interface QueueWorker {
  readonly queueName: string;
  /** The Redis URL without its password. */
  readonly redisUrl: string;
  /** Finishes the jobs in hand, then disconnects. */
  close(): Promise<void>;
}

/** Takes optimisation jobs from the queue until closed: one backtest per job, the `TrialResult` as the return value. */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const url = checkRedisUrl(o.redisUrl);
  const queueName = checkQueueName(o.queueName ?? DEFAULT_QUEUE_NAME);
  const contexts = new RunContexts(o.cachedRuns ?? 4);
  const worker: Worker<QueueJobData, string> = new Worker<QueueJobData, string>(
    queueName,
    async (bullJob: Job<QueueJobData, string>) => {
      const { runId, job } = bullJob.data;
      o.onEvent?.({ type: 'started', runId, jobId: job.id, attempt: bullJob.attemptsStarted });
      const t0 = performance.now();
      try {
        const ctx = await contexts.get(runId, () => worker.client);
        const result = await runJob(ctx, job);
        o.onEvent?.({
          type: 'finished',
          runId,
          jobId: job.id,
          ms: performance.now() - t0,
          score: result.score,
        });
        return encodeTrial(result);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        o.onEvent?.({ type: 'failed', runId, jobId: job.id, error });
        throw e;
      }
    },
    {
      connection: { url },
      concurrency: o.concurrency ?? 1,
      lockDuration: o.lockDurationMs ?? 60_000,
      stalledInterval: o.stalledIntervalMs ?? 30_000,
      maxStalledCount: o.maxStalledCount ?? 2,
      autorun: false,
    },
  );
  try {
    await connected(worker, url, o.connectTimeoutMs ?? 5000);
  } catch (e) {
    await worker.close(true).catch(() => undefined);
    throw e;
  }
  // The run loop's promise settles at close; its errors also reach the 'error' listener.
  worker.run().catch(() => undefined);
  return {
    queueName,
    redisUrl: redactRedisUrl(url),
    close: () => worker.close(),
  };
}

interface RedisGetter {
  get(key: string): Promise<string | null>;
}

/** The contexts of the runs seen last, each loaded once (a small LRU); a failed load is not kept. */
class RunContexts {
  readonly #max: number;
  readonly #loaded = new Map<string, Promise<JobContext>>();

  constructor(max: number) {
    this.#max = Math.max(1, max);
  }

  get(runId: string, client: () => Promise<RedisGetter>): Promise<JobContext> {
    let ctx = this.#loaded.get(runId);
    if (ctx) {
      this.#loaded.delete(runId); // re-insert: most recent last
    } else {
      ctx = client().then((c) => loadRunContext(c, runId));
      ctx.catch(() => this.#loaded.get(runId) === ctx && this.#loaded.delete(runId));
    }
    this.#loaded.set(runId, ctx);
    while (this.#loaded.size > this.#max) {
      const oldest = this.#loaded.keys().next().value;
      if (oldest === undefined) break;
      this.#loaded.delete(oldest);
    }
    return ctx;
  }
}

async function loadRunContext(client: RedisGetter, runId: string): Promise<JobContext> {
  const [contextText, marketText] = await Promise.all([
    client.get(contextKey(runId)),
    client.get(marketKey(runId)),
  ]);
  if (contextText === null || marketText === null) {
    throw new Error(
      `run ${runId}: its context is not in Redis (${contextKey(runId)}, ${marketKey(runId)}); the coordinator has closed or never stored it`,
    );
  }
  const stored = decodeJson<StoredRunContext>(contextText);
  const bytes = Buffer.from(marketText, 'base64');
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (hash !== stored.marketHash) {
    throw new Error(
      `run ${runId}: the market in Redis has hash ${hash}, the run expects ${stored.marketHash}`,
    );
  }
  return jobContextFrom(stored.portable, marketFromBytes(bytes));
}
