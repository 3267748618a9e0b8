import { DAY_MS } from '../../../core/index.js';
import type { CandleSeries } from '../../series/index.js';

/** A day whose move qualifies as a cascade (crash or squeeze), measured on daily bars. */
export interface CascadeDay {
  /** UTC day start. */
  readonly day: number;
  /** Signed log move from the previous close to the day's extreme in the event direction. */
  readonly peak: number;
  /** Log close-to-close move of the day. */
  readonly close: number;
  /** Share of the peak kept at the close, clipped to [0, 1]. */
  readonly retention: number;
}

/** Thresholds that make a day a cascade: |close move| above `closeMove` or an extreme beyond `excursion`. */
export const CASCADE_DAY_RULE = { closeMove: 0.15, excursion: 0.25 } as const;

/**
 * Days of a daily series that move more than the cascade rule allows, each with its peak (the larger
 * excursion from the previous close) and how much of it the close kept.
 */
export function findCascadeDays(daily: CandleSeries): CascadeDay[] {
  const out: CascadeDay[] = [];
  for (let i = 1; i < daily.length; i++) {
    const prev = daily.close[i - 1] as number;
    const up = Math.log((daily.high[i] as number) / prev);
    const down = Math.log((daily.low[i] as number) / prev);
    const close = Math.log((daily.close[i] as number) / prev);
    if (Math.abs(close) <= CASCADE_DAY_RULE.closeMove && Math.max(up, -down) <= CASCADE_DAY_RULE.excursion)
      continue;
    const peak = up >= -down ? up : down;
    out.push({ day: daily.time(i), peak, close, retention: Math.min(1, Math.max(0, close / peak)) });
  }
  return out;
}

/** True when `time` falls on one of the cascade days. */
export function onCascadeDay(days: readonly CascadeDay[], time: number): boolean {
  const day = Math.floor(time / DAY_MS) * DAY_MS;
  return days.some((d) => d.day === day);
}

export interface CascadeTiming {
  /** Minutes from the last bar close short of 20% of the peak move to the middle of the extreme bar. */
  readonly rampMinutes: number;
  /** Minutes from the extreme bar to the first close that has given back 80% of the day's give-back. */
  readonly retraceMinutes: number;
  /** Mean bar volume from the ramp start to the retrace end over the mean of the 7 days before. */
  readonly volumeRatio: number;
}

/**
 * How fast a cascade day ran to its extreme and came back, and how heavy its volume was against the
 * week before (bars on `excluded` days left out), read from intraday bars of that day.
 */
export function cascadeTiming(
  bars: CandleSeries,
  event: CascadeDay,
  excluded: (time: number) => boolean,
): CascadeTiming | undefined {
  const from = bars.lowerBound(event.day);
  const to = bars.lowerBound(event.day + DAY_MS);
  if (from === 0 || to - from < 2) return undefined;
  const prev = bars.close[from - 1] as number;
  const sign = Math.sign(event.peak);
  const move = (i: number): number => sign * Math.log((bars.close[i] as number) / prev);
  let extreme = from;
  for (let i = from; i < to; i++) {
    const v = sign > 0 ? (bars.high[i] as number) : -(bars.low[i] as number);
    const best = sign > 0 ? (bars.high[extreme] as number) : -(bars.low[extreme] as number);
    if (v > best) extreme = i;
  }
  let k = extreme - 1;
  while (k >= from && move(k) >= 0.2 * Math.abs(event.peak)) k--;
  const extremeMid = bars.time(extreme) + bars.timeframeMs / 2;
  const rampStart = k >= from ? bars.closeTime(k) : bars.time(from);
  const target = Math.abs(event.peak) - 0.8 * (Math.abs(event.peak) - sign * event.close);
  let j = extreme;
  while (j < to - 1 && move(j) > target) j++;
  let volume = 0;
  for (let i = k + 1; i <= j; i++) volume += bars.volume[i] as number;
  let before = 0;
  let count = 0;
  for (let i = bars.lowerBound(event.day - 7 * DAY_MS); i < from; i++) {
    if (excluded(bars.time(i))) continue;
    before += bars.volume[i] as number;
    count++;
  }
  return {
    rampMinutes: (extremeMid - rampStart) / 60_000,
    retraceMinutes: Math.max(0, bars.closeTime(j) - extremeMid) / 60_000,
    volumeRatio: volume / (j - k) / (before / count),
  };
}
