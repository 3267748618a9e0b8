import type { CandleSeries } from '../../series/index.js';
import { annualisedVol, kurtosis, logReturns, mean, std } from '../stats.js';

/** What the real 1m bars say about the minute scale. */
export interface MinuteStats {
  readonly bars: number;
  /** Annualised volatility of 1m log returns (winsorised, see stats.annualisedVol). */
  readonly annualisedVol: number;
  /** Kurtosis of raw 1m returns, and of returns over their local standard deviation. */
  readonly kurtosis: number;
  readonly standardisedKurtosis: number;
  /** Student-t df with the standardised kurtosis: 4 + 6 / (kurtosis - 3). */
  readonly tailDf: number;
  /** Standard deviation of ln(open / previous close). */
  readonly openGapSd: number;
  /** Mean wick per side over the local standard deviation. */
  readonly wickScale: number;
  /** Mean ln(high / low) over mean |ln(close / open)|. */
  readonly rangeToBody: number;
  /** Volume over its local mean regressed on |z|: slope / intercept. */
  readonly absReturnSlope: number;
  /** Standard deviation of the log residual of that regression. */
  readonly volumeNoiseSd: number;
  /** Correlation of 1m volume with |1m return|. */
  readonly volumeAbsReturnCorr: number;
}

/** Centered local mean of `x` over `half` values each side, the centre excluded. */
function localMean(x: ArrayLike<number>, half: number): Float64Array {
  const prefix = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) prefix[i + 1] = (prefix[i] as number) + (x[i] as number);
  return Float64Array.from({ length: x.length }, (_, i) => {
    const lo = Math.max(0, i - half);
    const hi = Math.min(x.length, i + half + 1);
    return ((prefix[hi] as number) - (prefix[lo] as number) - (x[i] as number)) / (hi - lo - 1);
  });
}

export function measureMinuteBars(bars: CandleSeries): MinuteStats {
  const r = logReturns(bars.close);
  const scale = localMean(
    Float64Array.from(r, (v) => v * v),
    30,
  ).map(Math.sqrt);
  const z: number[] = [];
  const absZ: number[] = [];
  const relVolume: number[] = [];
  let wickSum = 0;
  let scaleSum = 0;
  const gaps: number[] = [];
  let range = 0;
  let body = 0;
  const volumeMean = localMean(bars.volume, 30);
  for (let i = 1; i < bars.length; i++) {
    const o = bars.open[i] as number;
    const c = bars.close[i] as number;
    const h = bars.high[i] as number;
    const l = bars.low[i] as number;
    gaps.push(Math.log(o / (bars.close[i - 1] as number)));
    range += Math.log(h / l);
    body += Math.abs(Math.log(c / o));
    const s = scale[i - 1] as number;
    if (!(s > 0)) continue;
    const zi = (r[i - 1] as number) / s;
    z.push(zi);
    wickSum += (Math.log(h / Math.max(o, c)) + Math.log(Math.min(o, c) / l)) / 2;
    scaleSum += s;
    absZ.push(Math.abs(zi));
    relVolume.push((bars.volume[i] as number) / (volumeMean[i] as number));
  }
  const ma = mean(absZ);
  const my = mean(relVolume);
  let cov = 0;
  let varA = 0;
  for (let i = 0; i < absZ.length; i++) {
    cov += ((absZ[i] as number) - ma) * ((relVolume[i] as number) - my);
    varA += ((absZ[i] as number) - ma) ** 2;
  }
  const b = cov / varA;
  const a = my - b * ma;
  const resid = relVolume.flatMap((y, i) => (y > 0 ? [Math.log(y / (a + b * (absZ[i] as number)))] : []));
  const standardisedKurtosis = kurtosis(z);
  return {
    bars: bars.length,
    annualisedVol: annualisedVol(r, bars.timeframeMs),
    kurtosis: kurtosis(r),
    standardisedKurtosis,
    tailDf: Math.min(30, Math.max(3, 4 + 6 / (standardisedKurtosis - 3))),
    openGapSd: std(gaps),
    wickScale: wickSum / scaleSum,
    rangeToBody: range / body,
    absReturnSlope: b / a,
    volumeNoiseSd: std(resid),
    volumeAbsReturnCorr: cov / Math.sqrt(varA * relVolume.reduce((s, y) => s + (y - my) ** 2, 0)),
  };
}
