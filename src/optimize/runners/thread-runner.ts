import os from 'node:os';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { ConfigError, InputError } from '../../core/index.js';
import type { OptimizeJob, TrialResult } from '../job.js';
import type { MarketData } from '../market-data.js';
import { shareMarket } from '../market-codec.js';
import type { PortableJobContext } from '../portable-context.js';
import type { JobRunner } from './job-runner.js';
import type {
  FromWorker,
  ThreadInspection,
  ThreadWorkerData,
  ToWorker,
  WorkerErrorInfo,
} from './thread-worker.js';

export type { ThreadInspection } from './thread-worker.js';

export interface ThreadRunnerOptions {
  /** What every job shares but the market, as plain data: each thread builds its `JobContext` from it once. */
  readonly portable: PortableJobContext;
  /** Copied once into a SharedArrayBuffer that every thread reads; jobs carry no market data. */
  readonly market: MarketData;
  /** Worker threads (default: `os.availableParallelism()`). */
  readonly threads?: number;
  /** Memory caps of each thread (a thread over its heap cap dies and the runner reports it). */
  readonly resourceLimits?: ResourceLimits;
}

// From dist the sibling is thread-worker.js. From source (vitest, tsx) it is thread-worker.ts, which a
// worker can only load through tsx. `execArgv: ['--import', 'tsx']` does not reach a worker's imports
// on Node 20 ("Unknown file extension .ts"), so a small bootstrap registers tsx's hooks in the thread
// first and then imports the entry.
const SELF = new URL(import.meta.url);
const FROM_SOURCE = SELF.pathname.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './thread-worker.ts' : './thread-worker.js', SELF);

function newWorker(data: ThreadWorkerData, resourceLimits: ResourceLimits | undefined): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData: data, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data, resourceLimits });
}

interface Batch {
  readonly results: (TrialResult | undefined)[];
  left: number;
  settled: boolean;
  readonly onResult: ((result: TrialResult) => void) | undefined;
  readonly resolve: (results: TrialResult[]) => void;
  readonly reject: (error: Error) => void;
}

interface Task {
  readonly job: OptimizeJob;
  readonly index: number;
  readonly batch: Batch;
}

interface Slot {
  readonly worker: Worker;
  /** Kept: `worker.threadId` reads -1 once the thread has exited. */
  readonly threadId: number;
  task: Task | undefined;
  readonly inspections: ((i: ThreadInspection) => void)[];
  /** The last 'error' event (an uncaught exception, out of memory), reported when the thread exits. */
  lastError: Error | undefined;
}

function describeJob(job: OptimizeJob): string {
  return `job ${job.id} (params ${JSON.stringify(job.params)})`;
}

/** A worker's error as its class where the class matters to callers (ConfigError and InputError stop a command). */
function rebuild(e: WorkerErrorInfo, message: string): Error {
  const error =
    e.name === 'InputError'
      ? new InputError(message)
      : e.name === 'ConfigError'
        ? new ConfigError(message)
        : new Error(`${message} (${e.name})`);
  if (e.stack) error.stack = `${error.name}: ${message}\n--- in the worker thread:\n${e.stack}`;
  return error;
}

function jobError(job: OptimizeJob, threadId: number, e: WorkerErrorInfo): Error {
  return rebuild(e, `${describeJob(job)} failed on worker thread ${threadId}: ${e.message}`);
}

/**
 * Runs jobs on worker threads. The market is shared once (a SharedArrayBuffer, no copy per job or
 * per thread); each thread builds its `JobContext` once; jobs and results cross as plain data. Each
 * idle thread takes the next queued job, and `run` gives the results in job order.
 *
 * A job that throws rejects its `run` with the worker's message, naming the job. A thread that dies
 * (process.exit in a strategy, out of memory) breaks the runner: every pending and later `run`
 * rejects with the reason. Call `close()` to end the threads (they keep the process alive).
 */
export class ThreadPoolRunner implements JobRunner {
  readonly parallelism: number;
  readonly #slots: Slot[];
  readonly #queue: Task[] = [];
  readonly #batches = new Set<Batch>();
  #broken: Error | undefined;
  #closed = false;

  /** Use `createThreadRunner`, which waits for every thread to be ready. */
  constructor(workers: readonly Worker[]) {
    this.parallelism = workers.length;
    this.#slots = workers.map((worker) => ({
      worker,
      threadId: worker.threadId,
      task: undefined,
      inspections: [],
      lastError: undefined,
    }));
    for (const slot of this.#slots) {
      slot.worker.on('message', (msg: FromWorker) => this.#onMessage(slot, msg));
      slot.worker.on('error', (e: Error) => (slot.lastError = e));
      slot.worker.on('exit', (code: number) => this.#onExit(slot, code));
    }
  }

  run(jobs: readonly OptimizeJob[], onResult?: (result: TrialResult) => void): Promise<TrialResult[]> {
    if (this.#closed) return Promise.reject(new Error('the thread runner is closed'));
    if (this.#broken) return Promise.reject(this.#broken);
    if (jobs.length === 0) return Promise.resolve([]);
    return new Promise<TrialResult[]>((resolve, reject) => {
      const batch: Batch = {
        results: new Array<TrialResult | undefined>(jobs.length),
        left: jobs.length,
        settled: false,
        onResult,
        resolve,
        reject,
      };
      this.#batches.add(batch);
      jobs.forEach((job, index) => this.#queue.push({ job, index, batch }));
      this.#dispatch();
    });
  }

  /** Where each thread's market columns live (one answer per thread): shared, not copied. */
  inspect(): Promise<ThreadInspection[]> {
    if (this.#closed || this.#broken)
      return Promise.reject(this.#broken ?? new Error('the thread runner is closed'));
    return Promise.all(
      this.#slots.map(
        (slot) =>
          new Promise<ThreadInspection>((resolve) => {
            slot.inspections.push(resolve);
            slot.worker.postMessage({ type: 'inspect' } satisfies ToWorker);
          }),
      ),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#failAll(new Error('the thread runner was closed while jobs were pending'));
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.task) continue;
      let task: Task | undefined;
      while ((task = this.#queue.shift()) && task.batch.settled);
      if (!task) return;
      slot.task = task;
      slot.worker.postMessage({ type: 'job', job: task.job } satisfies ToWorker);
    }
  }

  #onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'inspection') {
      slot.inspections.shift()?.(msg.inspection);
      return;
    }
    if (msg.type !== 'result' && msg.type !== 'failed') return;
    const task = slot.task;
    slot.task = undefined;
    if (task && !task.batch.settled) {
      const batch = task.batch;
      if (msg.type === 'failed') {
        this.#settle(batch, jobError(task.job, slot.threadId, msg.error));
      } else {
        batch.results[task.index] = msg.result;
        batch.left--;
        try {
          batch.onResult?.(msg.result);
        } catch (e) {
          this.#settle(batch, e instanceof Error ? e : new Error(String(e)));
        }
        if (batch.left === 0 && !batch.settled) {
          this.#settle(batch);
        }
      }
    }
    this.#dispatch();
  }

  #onExit(slot: Slot, code: number): void {
    if (this.#closed) return;
    const doing = slot.task ? `while running ${describeJob(slot.task.job)}` : 'while idle';
    const why = slot.lastError ? `: ${slot.lastError.message}` : '';
    const error = new Error(
      `worker thread ${slot.threadId} of the optimiser stopped (exit code ${code}) ${doing}${why}`,
    );
    this.#broken ??= error;
    this.#failAll(this.#broken);
    // The other threads are of no use without the lost one's jobs: end them so nothing hangs.
    for (const other of this.#slots) if (other !== slot) void other.worker.terminate();
  }

  #settle(batch: Batch, error?: Error): void {
    batch.settled = true;
    this.#batches.delete(batch);
    if (error) batch.reject(error);
    else batch.resolve(batch.results as TrialResult[]);
  }

  #failAll(error: Error): void {
    for (const batch of [...this.#batches]) this.#settle(batch, error);
    this.#queue.length = 0;
  }
}

/**
 * Starts `threads` worker threads over `market` (shared once) and waits until each has built its
 * job context. Rejects, with every thread ended, when one cannot start.
 */
export async function createThreadRunner(o: ThreadRunnerOptions): Promise<ThreadPoolRunner> {
  const threads = o.threads ?? os.availableParallelism();
  if (!(Number.isInteger(threads) && threads >= 1))
    throw new InputError(`threads must be an integer >= 1, got ${threads}`);
  const data: ThreadWorkerData = { portable: o.portable, shared: shareMarket(o.market) };
  const workers = Array.from({ length: threads }, () => newWorker(data, o.resourceLimits));
  // The runner listens from the start, so a thread lost while others are still starting is seen.
  const runner = new ThreadPoolRunner(workers);
  try {
    await Promise.all(workers.map(ready));
  } catch (e) {
    await runner.close();
    throw e;
  }
  return runner;
}

function ready(worker: Worker): Promise<void> {
  const threadId = worker.threadId;
  return new Promise((resolve, reject) => {
    const onMessage = (msg: FromWorker): void => {
      if (msg.type === 'ready') done(undefined);
      else if (msg.type === 'init-failed')
        done(rebuild(msg.error, `optimiser worker thread ${threadId} could not start: ${msg.error.message}`));
    };
    const onError = (e: Error): void =>
      done(new Error(`optimiser worker thread ${threadId} could not start: ${e.message}`));
    const onExit = (code: number): void =>
      done(new Error(`optimiser worker thread ${threadId} exited (code ${code}) before it was ready`));
    const done = (error: Error | undefined): void => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}
