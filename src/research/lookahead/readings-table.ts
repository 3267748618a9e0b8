import type { EpochMs } from '../../core/index.js';
import { replay } from './event-stream.js';
import type { CheckedReading, CheckedSignalSet, EventStream } from './lookahead.types.js';

/** Every signal's value after each bar close of one replay: `values.get(name)[barIndex]`. */
export interface ReadingsTable {
  readonly names: readonly string[];
  readonly times: readonly EpochMs[];
  readonly values: ReadonlyMap<string, readonly (number | null)[]>;
}

/** Replays `stream` into `signals` once, recording every reading at every bar close. */
export function recordReadings(signals: CheckedSignalSet, stream: EventStream): ReadingsTable {
  const names: string[] = [];
  const times: EpochMs[] = [];
  const values = new Map<string, (number | null)[]>();
  replay(signals, stream, (bar, time) => {
    times.push(time);
    for (const r of signals.readings(time)) {
      let column = values.get(r.name);
      if (column === undefined) {
        column = new Array<number | null>(bar).fill(null);
        values.set(r.name, column);
        names.push(r.name);
      }
      column.push(r.value);
    }
    for (const column of values.values()) if (column.length <= bar) column.push(null);
  });
  return { names, times, values };
}

/** The value of `name` among `readings` (null when the signal is absent). */
export function valueOf(readings: readonly CheckedReading[], name: string): number | null {
  return readings.find((r) => r.name === name)?.value ?? null;
}

/**
 * Equal readings: both null, or both numbers within `tolerance` relative to max(1, |a|, |b|) (the
 * readings live in [-1, 1], so that is an absolute tolerance there). NaN never agrees.
 */
export function agrees(a: number | null, b: number | null, tolerance: number): boolean {
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}
