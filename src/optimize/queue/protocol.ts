import { InputError } from '../../core/index.js';
import type { OptimizeJob } from '../job.js';
import type { PortableJobContext } from '../portable-context.js';

/** The BullMQ queue coordinators and workers meet on unless told otherwise. */
export const DEFAULT_QUEUE_NAME = 'nmrbot-optimize';

/** BullMQ job name of one backtest. */
export const TRIAL_JOB_NAME = 'trial';

/** What a queue job carries: the run it belongs to and the job itself (the rest is in the run's keys). */
export interface QueueJobData {
  readonly runId: string;
  readonly job: OptimizeJob;
}

/** What the coordinator stores under `contextKey(runId)`, encoded with `encodeJson`. */
export interface StoredRunContext {
  readonly portable: PortableJobContext;
  /** `marketHash` of the market under `marketKey(runId)`; a worker refuses bytes that do not match. */
  readonly marketHash: string;
}

/** The run's shared context: JSON (see `StoredRunContext`). */
export function contextKey(runId: string): string {
  return `nmrbot:opt:${runId}:context`;
}

/** The run's market: `marketToBytes` as base64 text. */
export function marketKey(runId: string): string {
  return `nmrbot:opt:${runId}:market`;
}

const RUN_ID = /^[A-Za-z0-9_.-]{1,100}$/;

/** Refuses a run id that would break Redis key or BullMQ job id rules (no `:`, no `/`, not a bare integer). */
export function checkRunId(runId: string): string {
  if (!RUN_ID.test(runId) || /^\d+$/.test(runId)) {
    throw new InputError(`run id "${runId}": use 1 to 100 letters, digits, "_", "." or "-", not only digits`);
  }
  return runId;
}

/**
 * The BullMQ job id of a job: one per run and job, so adding it again (a resumed run) is a no-op.
 * BullMQ refuses ids with one `:`, hence the `/`.
 */
export function bullJobId(runId: string, jobId: number): string {
  return `${runId}/${jobId}`;
}

/** Refuses a queue name BullMQ cannot use. */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
    throw new InputError(`queue name "${name}": use 1 to 100 letters, digits, "_", "." or "-"`);
  }
  return name;
}
