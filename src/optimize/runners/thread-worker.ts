/**
 * The worker_threads entry of `ThreadPoolRunner`: builds its `JobContext` once over the shared market
 * (no copy), then runs one `OptimizeJob` per message and posts the `TrialResult` back.
 */
import { type MessagePort, isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import { type OptimizeJob, type TrialResult, runJob } from '../job.js';
import { type SharedMarket, marketFromShared } from '../market-codec.js';
import { type PortableJobContext, jobContextFrom } from '../portable-context.js';

/** What the runner hands each thread at its start. */
export interface ThreadWorkerData {
  readonly portable: PortableJobContext;
  readonly shared: SharedMarket;
}

/** An error as plain data (class instances lose their class across threads). */
export interface WorkerErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly stack?: string | undefined;
}

export type ToWorker =
  | { readonly type: 'job'; readonly job: OptimizeJob }
  /** Asks where the thread's market columns live (the tests prove they are the shared block). */
  | { readonly type: 'inspect' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly error: WorkerErrorInfo }
  | { readonly type: 'result'; readonly result: TrialResult }
  | { readonly type: 'failed'; readonly jobId: number; readonly error: WorkerErrorInfo }
  | { readonly type: 'inspection'; readonly inspection: ThreadInspection };

export interface ThreadInspection {
  readonly threadId: number;
  readonly bars: number;
  /** True when every candle column of the thread's market is a view on a SharedArrayBuffer. */
  readonly columnsShared: boolean;
  /** Byte length of the buffer under the columns: the whole shared block, not a per-column copy. */
  readonly columnsBytes: number;
}

function errorInfo(e: unknown): WorkerErrorInfo {
  return e instanceof Error
    ? { name: e.name, message: e.message, stack: e.stack }
    : { name: 'Error', message: String(e) };
}

async function main(port: MessagePort, data: ThreadWorkerData): Promise<void> {
  const market = marketFromShared(data.shared);
  let ctx;
  try {
    ctx = await jobContextFrom(data.portable, market);
  } catch (e) {
    port.postMessage({ type: 'init-failed', error: errorInfo(e) } satisfies FromWorker);
    port.close();
    return;
  }
  const columns = [market.bars, ...(market.spot ? [market.spot] : [])].flatMap((s) => [
    s.openTime,
    s.open,
    s.high,
    s.low,
    s.close,
    s.volume,
  ]);
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'inspect') {
      const inspection: ThreadInspection = {
        threadId,
        bars: market.bars.length,
        columnsShared: columns.every((c) => c.buffer instanceof SharedArrayBuffer),
        columnsBytes: columns[0]?.buffer.byteLength ?? 0,
      };
      port.postMessage({ type: 'inspection', inspection } satisfies FromWorker);
      return;
    }
    const job = msg.job;
    runJob(ctx, job).then(
      (result) => port.postMessage({ type: 'result', result } satisfies FromWorker),
      (e: unknown) =>
        port.postMessage({ type: 'failed', jobId: job.id, error: errorInfo(e) } satisfies FromWorker),
    );
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

if (!isMainThread && parentPort) await main(parentPort, workerData as ThreadWorkerData);
