import { HOUR_MS } from '../../core/index.js';
import { FundingSeries, resample } from '../series/index.js';
import { type FundingMoments, fundingMoments } from './fit/funding-fit.js';
import type { SyntheticMarket } from './generate.js';
import { NMR_SYNTH_PARAMS } from './params.js';
import { annualisedVol, kurtosis, logReturns, median, rankCorrelation } from './stats.js';
import type { SynthParams } from './synth-params.types.js';

/** The figures a generated market is compared with the real NMR measurements on. */
export interface SyntheticMarketStats {
  readonly annualisedVol1h: number;
  readonly annualisedVol1m: number;
  readonly kurtosis1h: number;
  /** Rank correlation of 1h volume with |1h log return|. */
  readonly volumeAbsReturnCorr1h: number;
  /** Mean ln(high / low) over mean |ln(close / open)| of the 1m bars. */
  readonly rangeToBody1m: number;
  /** Share of 1m bars in each regime state. */
  readonly regimeShare: number[];
  /** Funding normalised to 8h, weighted by interval. */
  readonly funding: FundingMoments;
  readonly meanVolumePerMinute: number;
  readonly medianVolume1h: number;
}

/** Measures a market generated with `params` the same way the real files are measured. */
export function describeSyntheticMarket(
  market: SyntheticMarket,
  params: SynthParams = NMR_SYNTH_PARAMS,
): SyntheticMarketStats {
  const states = params.regimes.names.length;
  const { candles } = market;
  const hourly = resample(candles, '1h').series;
  const r1h = logReturns(hourly.close);
  let range = 0;
  let body = 0;
  let volume = 0;
  for (let i = 0; i < candles.length; i++) {
    range += Math.log((candles.high[i] as number) / (candles.low[i] as number));
    body += Math.abs(Math.log((candles.close[i] as number) / (candles.open[i] as number)));
    volume += candles.volume[i] as number;
  }
  const counts = new Array<number>(states).fill(0);
  for (const s of market.regimes) counts[s] = (counts[s] as number) + 1;
  const series = new FundingSeries(market.funding);
  const byInterval = [...new Set(series.intervalHours)].map((h) => ({
    intervalHours: h,
    rates8h: market.funding.flatMap((_, i) => (series.intervalHours[i] === h ? [series.rate8h(i)] : [])),
  }));
  return {
    annualisedVol1h: annualisedVol(r1h, HOUR_MS),
    annualisedVol1m: annualisedVol(logReturns(candles.close), candles.timeframeMs),
    kurtosis1h: kurtosis(r1h),
    volumeAbsReturnCorr1h: rankCorrelation(hourly.volume.subarray(1), r1h.map(Math.abs)),
    rangeToBody1m: range / body,
    regimeShare: counts.map((c) => c / market.regimes.length),
    funding: fundingMoments(byInterval, params.funding.interest8h),
    meanVolumePerMinute: volume / candles.length,
    medianVolume1h: median(hourly.volume),
  };
}
