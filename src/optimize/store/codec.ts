import type { TrialResult } from '../job.js';

/**
 * How a trial is stored: JSON text whose non-finite numbers and -0 are tagged (`{"$number":"-Infinity"}`),
 * and number arrays as little-endian float64 blobs, so every value reads back bit for bit.
 */

const TAG = '$number';

/** JSON where NaN, ±Infinity and -0 survive (`JSON.stringify` would write null or 0). */
export function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))
      ? { [TAG]: String(Object.is(v, -0) ? '-0' : v) }
      : v,
  );
}

/** The inverse of `exactJson`. */
export function parseExactJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as Record<string, unknown>)[TAG];
      if (keys.length === 1 && typeof tagged === 'string') return Number(tagged);
    }
    return v;
  }) as T;
}

/** Numbers as little-endian float64 bytes. */
export function float64Bytes(values: readonly number[]): Buffer {
  const out = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) out.writeDoubleLE(values[i] as number, i * 8);
  return out;
}

/** The inverse of `float64Bytes`. */
export function float64Values(bytes: Uint8Array): number[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length % 8 !== 0) throw new Error(`a float64 column of ${b.length} bytes is not a multiple of 8`);
  const out = new Array<number>(b.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = b.readDoubleLE(i * 8);
  return out;
}

/** An `optimize_trials` row as both backends return it (BIGINT parsed as a number, BLOB/BYTEA as a Buffer). */
export interface TrialRow {
  job_id: number;
  params: string;
  window_from: number;
  window_to: number;
  score: number | null;
  rejected: string;
  metrics: string | null;
  daily_returns: Uint8Array;
  equity_time: Uint8Array | null;
  equity: Uint8Array | null;
}

/** Column values of a trial, in the order of `TRIAL_COLUMNS`. */
export function trialValues(runId: string, r: TrialResult, savedAt: number): unknown[] {
  const kept = r.equity.time.length > 0 || r.equity.equity.length > 0;
  return [
    runId,
    r.jobId,
    exactJson(r.params),
    r.window.from,
    r.window.to,
    Number.isNaN(r.score) ? null : r.score,
    exactJson(r.rejected),
    r.metrics === undefined ? null : exactJson(r.metrics),
    float64Bytes(r.dailyReturns),
    kept ? float64Bytes(r.equity.time) : null,
    kept ? float64Bytes(r.equity.equity) : null,
    savedAt,
  ];
}

export const TRIAL_COLUMNS = [
  'run_id',
  'job_id',
  'params',
  'window_from',
  'window_to',
  'score',
  'rejected',
  'metrics',
  'daily_returns',
  'equity_time',
  'equity',
  'saved_at',
] as const;

/** The trial a row holds. A score of -0 reads back as 0 (a REAL column); everything else is exact. */
export function trialOf(row: TrialRow): TrialResult {
  return {
    jobId: Number(row.job_id),
    params: parseExactJson(row.params),
    window: { from: Number(row.window_from), to: Number(row.window_to) },
    score: row.score ?? NaN,
    rejected: parseExactJson(row.rejected),
    metrics: row.metrics === null ? undefined : parseExactJson(row.metrics),
    dailyReturns: float64Values(row.daily_returns),
    equity: {
      time: row.equity_time ? float64Values(row.equity_time) : [],
      equity: row.equity ? float64Values(row.equity) : [],
    },
  };
}
