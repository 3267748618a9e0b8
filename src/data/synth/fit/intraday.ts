import { HOUR_MS } from '../../../core/index.js';
import type { CandleSeries } from '../../series/index.js';
import { median } from '../stats.js';

/** A 15m (or other intraday) bar flagged as a jump: far outside its neighbourhood's volatility. */
export interface JumpBar {
  readonly index: number;
  readonly time: number;
  /** Log return of the bar. */
  readonly size: number;
  /** Size over the robust local standard deviation. */
  readonly z: number;
}

/** |z| above this on the robust local scale makes a bar a jump. */
export const JUMP_Z = 8;

/**
 * Bars (i >= 1, return from the previous close) whose |log return| exceeds JUMP_Z times the robust
 * local standard deviation: 1.4826 x median |return| over `window` bars each side, the bar excluded.
 */
export function findJumps(bars: CandleSeries, excluded: (time: number) => boolean, window = 48): JumpBar[] {
  const r = Float64Array.from({ length: bars.length }, (_, i) =>
    i === 0 ? 0 : Math.log((bars.close[i] as number) / (bars.close[i - 1] as number)),
  );
  const out: JumpBar[] = [];
  for (let i = 1; i < bars.length; i++) {
    if (excluded(bars.time(i))) continue;
    const around: number[] = [];
    for (let j = Math.max(1, i - window); j <= Math.min(bars.length - 1, i + window); j++)
      if (j !== i) around.push(Math.abs(r[j] as number));
    const scale = 1.4826 * median(around);
    const z = (r[i] as number) / scale;
    if (scale > 0 && Math.abs(z) > JUMP_Z)
      out.push({ index: i, time: bars.time(i), size: r[i] as number, z });
  }
  return out;
}

/** Hour-of-day multipliers of volatility (mean square 1) and volume (mean 1). */
export interface IntradayProfile {
  readonly vol: number[];
  readonly volume: number[];
}

/**
 * Hour-of-day profile from intraday bars, skipping excluded bars. Volatility: mean |log return| per
 * UTC hour, scaled to mean square 1. Volume: each bar's volume over the mean of the surrounding day
 * (removes the slow level drift), averaged per UTC hour, scaled to mean 1.
 */
export function intradayProfile(bars: CandleSeries, skip: (i: number) => boolean): IntradayProfile {
  const perDay = Math.round((24 * HOUR_MS) / bars.timeframeMs);
  const absSum = new Array<number>(24).fill(0);
  const volSum = new Array<number>(24).fill(0);
  const count = new Array<number>(24).fill(0);
  const half = perDay / 2;
  const prefix = new Float64Array(bars.length + 1);
  for (let j = 0; j < bars.length; j++) prefix[j + 1] = (prefix[j] as number) + (bars.volume[j] as number);
  for (let i = 1; i < bars.length; i++) {
    if (skip(i) || i < half || i + half > bars.length) continue;
    const dayMean = ((prefix[i + half] as number) - (prefix[i - half] as number)) / perDay;
    const h = new Date(bars.time(i)).getUTCHours();
    absSum[h] =
      (absSum[h] as number) + Math.abs(Math.log((bars.close[i] as number) / (bars.close[i - 1] as number)));
    volSum[h] = (volSum[h] as number) + (bars.volume[i] as number) / dayMean;
    count[h] = (count[h] as number) + 1;
  }
  const vol = absSum.map((s, h) => s / (count[h] as number));
  const volume = volSum.map((s, h) => s / (count[h] as number));
  const rms = Math.sqrt(vol.reduce((s, v) => s + v * v, 0) / 24);
  const mv = volume.reduce((s, v) => s + v, 0) / 24;
  return { vol: vol.map((v) => v / rms), volume: volume.map((v) => v / mv) };
}
