import type { TrialResult } from '../job.js';
import { exactJson, parseExactJson } from '../store/codec.js';

/**
 * JSON that keeps every float64 exactly: `JSON.stringify` writes NaN and ±Infinity as `null` and -0
 * as `0`, and a rejected trial scores -Infinity. Such numbers travel tagged, `{"$number":"-Infinity"}`:
 * the encoding of the results store (`src/optimize/store/codec.ts`), so a queue result and a stored
 * trial are the same text.
 */
export function encodeJson(value: unknown): string {
  return exactJson(value);
}

/** The inverse of `encodeJson`. */
export function decodeJson<T>(text: string): T {
  return parseExactJson<T>(text);
}

/** A `TrialResult` as text for a queue job's return value. */
export function encodeTrial(result: TrialResult): string {
  return exactJson(result);
}

/** The inverse of `encodeTrial`; `metrics: undefined` (a rejected trial) comes back as a key, as sent. */
export function decodeTrial(text: string): TrialResult {
  const r = parseExactJson<TrialResult>(text);
  return { ...r, metrics: r.metrics };
}
