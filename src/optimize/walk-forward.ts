import { InputError } from '../core/index.js';
import type { TimeWindow } from './market-data.js';

export interface WalkForwardSpec {
  /** `rolling`: each in-sample window has `inSampleBars` bars; `anchored`: it starts at the first bar. */
  readonly mode: 'rolling' | 'anchored';
  /** Bars of the (first, for anchored) in-sample window. */
  readonly inSampleBars: number;
  readonly outOfSampleBars: number;
  /** Bars left out between the end of in-sample and the start of out-of-sample (default 0). */
  readonly purgeBars?: number;
  /** Bars left out after each out-of-sample window before the next one starts (default 0). */
  readonly embargoBars?: number;
}

/** One walk-forward step: optimise on `inSample`, evaluate the winner on `outOfSample`. */
export interface WalkForwardWindow {
  readonly index: number;
  readonly inSample: TimeWindow;
  readonly outOfSample: TimeWindow;
  /** The same spans as bar indexes, half-open. */
  readonly inSampleBars: readonly [number, number];
  readonly outOfSampleBars: readonly [number, number];
}

/**
 * Cuts `openTimes` (bar open times, ascending) into walk-forward windows. Out-of-sample windows
 * follow each other (separated by the embargo) until the bars run out; a last partial window is
 * dropped. Every in-sample window ends `purgeBars` before its out-of-sample window starts.
 */
export function walkForwardWindows(
  openTimes: ArrayLike<number>,
  timeframeMs: number,
  spec: WalkForwardSpec,
): WalkForwardWindow[] {
  const n = openTimes.length;
  const purge = spec.purgeBars ?? 0;
  const embargo = spec.embargoBars ?? 0;
  for (const [name, v, min] of [
    ['inSampleBars', spec.inSampleBars, 1],
    ['outOfSampleBars', spec.outOfSampleBars, 1],
    ['purgeBars', purge, 0],
    ['embargoBars', embargo, 0],
  ] as const) {
    if (!Number.isInteger(v) || v < min)
      throw new InputError(`walk-forward ${name} must be an integer >= ${min}, got ${v}`);
  }
  const time = (i: number): number =>
    i < n ? (openTimes[i] as number) : (openTimes[n - 1] as number) + (i - n + 1) * timeframeMs;
  const windows: WalkForwardWindow[] = [];
  for (
    let oosStart = spec.inSampleBars + purge;
    oosStart + spec.outOfSampleBars <= n;
    oosStart += spec.outOfSampleBars + embargo
  ) {
    const isEnd = oosStart - purge;
    const isStart = spec.mode === 'anchored' ? 0 : isEnd - spec.inSampleBars;
    const oosEnd = oosStart + spec.outOfSampleBars;
    windows.push({
      index: windows.length,
      inSample: { from: time(isStart), to: time(isEnd) },
      outOfSample: { from: time(oosStart), to: time(oosEnd) },
      inSampleBars: [isStart, isEnd],
      outOfSampleBars: [oosStart, oosEnd],
    });
  }
  if (windows.length === 0) {
    throw new InputError(
      `walk-forward needs ${spec.inSampleBars + purge + spec.outOfSampleBars} bars for one window, have ${n}`,
    );
  }
  return windows;
}
