import { DAY_MS } from '../../../core/index.js';
import type { CandleSeries } from '../../series/index.js';
import { mean, median, std } from '../stats.js';
import { type HmmFit, fitGaussianHmm } from './hmm.js';

export interface RegimeFit {
  readonly hmm: HmmFit;
  /** Mean volume per state relative to the overall mean (after the hour-of-day profile). */
  readonly volumeFactor: number[];
  /** Expected stay in each state, hours: 1 / (1 - p_ii). */
  readonly meanDurationHours: number[];
  /** Hours after a cascade day until P(most volatile state) first drops below 0.5 (median). */
  readonly aftermathHours: number;
  /**
   * The slow volume level left once hour-of-day and regime are divided out: sd of the log of its
   * daily mean, and the lag-one autocorrelation over consecutive days (days with missing hours out).
   */
  readonly levelSd: number;
  readonly levelAutocorr: number;
}

/**
 * Fits a volatility-regime HMM to 1h log returns divided by the hour-of-day volatility profile;
 * excluded hours (cascade days, hours holding a jump) are missing observations.
 */
export function fitRegimes(
  hourly: CandleSeries,
  profile: { vol: readonly number[]; volume: readonly number[] },
  excluded: (time: number) => boolean,
  cascadeDays: readonly number[],
  states = 3,
): RegimeFit {
  const n = hourly.length - 1;
  const x = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const time = hourly.time(t + 1);
    const h = new Date(time).getUTCHours();
    const r = Math.log((hourly.close[t + 1] as number) / (hourly.close[t] as number));
    x[t] = excluded(time) ? NaN : r / (profile.vol[h] as number);
  }
  const hmm = fitGaussianHmm(x, states);
  const K = states;
  const num = new Array<number>(K).fill(0);
  const den = new Array<number>(K).fill(0);
  let total = 0;
  let count = 0;
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(x[t])) continue;
    const h = new Date(hourly.time(t + 1)).getUTCHours();
    const u = (hourly.volume[t + 1] as number) / (profile.volume[h] as number);
    total += u;
    count++;
    for (let k = 0; k < K; k++) {
      const g = hmm.posterior[t * K + k] as number;
      num[k] = (num[k] as number) + g * u;
      den[k] = (den[k] as number) + g;
    }
  }
  const overall = total / count;
  const volumeFactor = num.map((v, k) => v / (den[k] as number) / overall);
  const level = dailyLevel(hourly, x, (t) => {
    let expected = 0;
    for (let k = 0; k < K; k++)
      expected += (hmm.posterior[t * K + k] as number) * (volumeFactor[k] as number);
    const h = new Date(hourly.time(t + 1)).getUTCHours();
    return (hourly.volume[t + 1] as number) / (profile.volume[h] as number) / expected;
  });
  const after = cascadeDays.flatMap((day) => {
    const t0 = hourly.lowerBound(day + DAY_MS) - 1;
    if (t0 < 0 || t0 >= n) return [];
    let t = t0;
    while (t < n && (hmm.posterior[t * K + K - 1] as number) >= 0.5) t++;
    return [t - t0];
  });
  return {
    hmm,
    volumeFactor,
    meanDurationHours: hmm.transition.map((row, i) => 1 / (1 - (row[i] as number))),
    aftermathHours: after.length > 0 ? median(after) : 0,
    ...level,
  };
}

/** Daily means of `unexplained(t)` over whole days of observed hours; log sd and lag-1 autocorrelation. */
function dailyLevel(
  hourly: CandleSeries,
  x: Float64Array,
  unexplained: (t: number) => number,
): { levelSd: number; levelAutocorr: number } {
  const byDay = new Map<number, number[]>();
  for (let t = 0; t < x.length; t++) {
    const day = Math.floor(hourly.time(t + 1) / DAY_MS);
    const list = byDay.get(day) ?? [];
    list.push(Number.isNaN(x[t]) ? NaN : unexplained(t));
    byDay.set(day, list);
  }
  const days = [...byDay.entries()].sort((a, b) => a[0] - b[0]);
  const logs = days.map(([, v]) =>
    v.length === 24 && v.every((u) => !Number.isNaN(u)) ? Math.log(mean(v)) : NaN,
  );
  const kept = logs.filter((v) => !Number.isNaN(v));
  const m = mean(kept);
  const sd = std(kept);
  let num = 0;
  let pairs = 0;
  for (let i = 1; i < logs.length; i++) {
    const a = logs[i] as number;
    const b = logs[i - 1] as number;
    if (Number.isNaN(a) || Number.isNaN(b) || (days[i]?.[0] as number) - (days[i - 1]?.[0] as number) !== 1)
      continue;
    num += (a - m) * (b - m);
    pairs++;
  }
  return { levelSd: sd, levelAutocorr: num / pairs / (sd * sd) };
}
