import type { TrialResult } from '../job.js';

/**
 * JSON that keeps every float64 exactly: `JSON.stringify` writes NaN and ±Infinity as `null` and -0
 * as `0`, and a rejected trial scores -Infinity. Such numbers travel as `{"$num":"-Infinity"}`.
 */
const TAG = '$num';

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    return { [TAG]: Object.is(value, -0) ? '-0' : String(value) };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const text = (value as Record<string, unknown>)[TAG];
    if (keys.length === 1 && typeof text === 'string') return Number(text);
  }
  return value;
}

/** `JSON.stringify` that keeps NaN, ±Infinity and -0. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** The inverse of `encodeJson`. */
export function decodeJson<T>(text: string): T {
  return JSON.parse(text, reviver) as T;
}

/** A `TrialResult` as text for a queue job's return value. */
export function encodeTrial(result: TrialResult): string {
  return encodeJson(result);
}

/** The inverse of `encodeTrial`; `metrics: undefined` (a rejected trial) comes back as a key, as sent. */
export function decodeTrial(text: string): TrialResult {
  const r = decodeJson<TrialResult>(text);
  return { ...r, metrics: r.metrics };
}
