import { DAY_MS, HOUR_MS } from '../../../core/index.js';
import { type CandleSeries, resample } from '../../series/index.js';
import { FUNDING_VENUE_RULES, NMR_SYNTH_PARAMS } from '../params.js';
import {
  annualisedVol,
  kurtosis,
  logReturns,
  mean,
  median,
  quantile,
  rankCorrelation,
  std,
} from '../stats.js';
import type { FundingParams } from '../synth-params.types.js';
import {
  type CascadeDay,
  type CascadeTiming,
  cascadeTiming,
  findCascadeDays,
  onCascadeDay,
} from './cascades.js';
import { type FundingMoments, fitFundingPremium, fundingMoments, simulatedMoments } from './funding-fit.js';
import { type IntradayProfile, type JumpBar, findJumps, intradayProfile } from './intraday.js';
import { type MarkStats, measureMark } from './mark.js';
import { type MinuteStats, measureMinuteBars } from './minute.js';
import { readRealCandles, readRealFunding } from './real-files.js';
import { type RegimeFit, fitRegimes } from './regimes.js';

/** Everything measured from the real NMR files; `NMR_SYNTH_PARAMS` copies these numbers. */
export interface NmrMeasurements {
  readonly year: YearStats;
  readonly cascades: CascadeStats;
  readonly jumps: JumpStats;
  readonly profile: IntradayProfile;
  readonly regimes: RegimeFit;
  readonly minute: MinuteStats;
  readonly mark: MarkStats;
  readonly funding: FundingFit;
  /** Close of the Binance perp 1h bar opening 2025-01-01 00:00 UTC (the default start). */
  readonly startPrice: number;
}

export interface YearStats {
  readonly from: number;
  readonly to: number;
  readonly annualisedVol1h: number;
  readonly kurtosis1h: number;
  readonly meanVolume15m: number;
  readonly medianVolume1h: number;
  /** Mean 15m volume off cascade days, per minute. */
  readonly meanVolumePerMinuteCalm: number;
  /** Correlation of 1h volume with |1h log return|. */
  readonly volumeAbsReturnCorr1h: number;
  /** 15m bars of 2025-10-10 20:45-21:45 UTC: the liquidation cascade. */
  readonly crash20251010: { readonly before: number; readonly low: number; readonly dayClose: number };
}

export interface CascadeStats {
  readonly days: readonly CascadeDay[];
  readonly spanDays: number;
  readonly perYear: number;
  readonly upShare: number;
  readonly peakLogMean: number;
  readonly peakLogSd: number;
  readonly retentionMin: number;
  readonly retentionMax: number;
  readonly timings: readonly CascadeTiming[];
  /** 10th and 90th percentiles of the ramp and retrace minutes. */
  readonly rampMinutesMin: number;
  readonly rampMinutesMax: number;
  readonly retraceMinutesMin: number;
  readonly retraceMinutesMax: number;
  /** Mean and sd of ln(event-window volume / volume of the week before). */
  readonly volumeLogMean: number;
  readonly volumeLogSd: number;
  readonly volumeMultipleMax: number;
}

export interface JumpStats {
  readonly bars: readonly JumpBar[];
  readonly perYear: number;
  readonly upShare: number;
  readonly logSizeMean: number;
  readonly logSizeSd: number;
}

export interface FundingFit {
  readonly binance: FundingMoments;
  readonly gate: FundingMoments;
  readonly pooled: FundingMoments;
  /** Share of Binance settlement times carrying an extra millisecond. */
  readonly lateMsShare: number;
  /** The premium parameters fitted to `pooled` (absent when the fit was skipped). */
  readonly fitted?: FundingParams;
  readonly simulated?: FundingMoments;
}

export interface MeasureOptions {
  /** Funding params the premium fit starts from (interest, clamp, cap, schedule). */
  readonly base?: FundingParams;
  /** Run the funding-premium fit (method of simulated moments, the slow part). Default true. */
  readonly fitFunding?: boolean;
}

/** Measures the real files under `dataDir` (the shared data folder). Takes a few seconds. */
export function measureNmrMarket(dataDir: string, options: MeasureOptions = {}): NmrMeasurements {
  const m15 = readRealCandles(dataDir, 'perp15m');
  const h1 = readRealCandles(dataDir, 'perp1h');
  const daily = readRealCandles(dataDir, 'bybit1d');
  const cascadeDays = findCascadeDays(daily);
  const inYear = cascadeDays.filter((d) => d.day >= h1.time(0) && d.day < h1.time(h1.length - 1));
  const isCascade = (t: number): boolean => onCascadeDay(inYear, t);
  const jumps = findJumps(m15, isCascade);
  const jumpTimes = new Set(jumps.map((j) => Math.floor(j.time / HOUR_MS)));
  const profile = intradayProfile(m15, (i) => isCascade(m15.time(i)) || jumps.some((j) => j.index === i));
  const regimes = fitRegimes(
    h1,
    profile,
    (t) => isCascade(t) || jumpTimes.has(Math.floor(t / HOUR_MS)),
    inYear.map((d) => d.day),
  );
  const yearDays = (m15.time(m15.length - 1) - m15.time(0)) / DAY_MS;
  const calmDays = yearDays - inYear.length;
  const timings = inYear.flatMap((d) => cascadeTiming(m15, d, isCascade) ?? []);
  const ramps = timings.map((t) => t.rampMinutes);
  const retraces = timings.map((t) => t.retraceMinutes);
  const spanDays = (daily.time(daily.length - 1) - daily.time(0)) / DAY_MS;
  const peaks = cascadeDays.map((d) => Math.log(Math.abs(d.peak)));
  const sizes = jumps.map((j) => Math.log(Math.abs(j.size)));
  const r1h = logReturns(h1.close);
  return {
    year: {
      from: h1.time(0),
      to: h1.closeTime(h1.length - 1),
      annualisedVol1h: annualisedVol(r1h, HOUR_MS),
      kurtosis1h: kurtosis(r1h),
      meanVolume15m: mean(m15.volume),
      medianVolume1h: median(h1.volume),
      meanVolumePerMinuteCalm: mean(m15.volume.filter((_, i) => !isCascade(m15.time(i)))) / 15,
      volumeAbsReturnCorr1h: rankCorrelation(h1.volume.subarray(1), r1h.map(Math.abs)),
      crash20251010: crashNumbers(m15),
    },
    cascades: {
      days: cascadeDays,
      spanDays,
      perYear: (cascadeDays.length / spanDays) * 365,
      upShare: cascadeDays.filter((d) => d.peak > 0).length / cascadeDays.length,
      peakLogMean: mean(peaks),
      peakLogSd: std(peaks),
      retentionMin: quantile(
        cascadeDays.map((d) => d.retention),
        0.1,
      ),
      retentionMax: quantile(
        cascadeDays.map((d) => d.retention),
        0.9,
      ),
      timings,
      rampMinutesMin: quantile(ramps, 0.1),
      rampMinutesMax: quantile(ramps, 0.9),
      retraceMinutesMin: quantile(retraces, 0.1),
      retraceMinutesMax: quantile(retraces, 0.9),
      volumeLogMean: mean(timings.map((t) => Math.log(t.volumeRatio))),
      volumeLogSd: std(timings.map((t) => Math.log(t.volumeRatio))),
      volumeMultipleMax: Math.max(...timings.map((t) => t.volumeRatio)),
    },
    jumps: {
      bars: jumps,
      perYear: (jumps.length / calmDays) * 365,
      upShare: jumps.filter((j) => j.size > 0).length / jumps.length,
      logSizeMean: mean(sizes),
      logSizeSd: std(sizes),
    },
    profile,
    regimes,
    minute: measureMinuteBars(readRealCandles(dataDir, 'perp1m')),
    mark: measureMark(readRealCandles(dataDir, 'binanceMark8h'), readRealCandles(dataDir, 'binance1h2023')),
    funding: measureFunding(dataDir, options.base ?? NMR_SYNTH_PARAMS.funding, options.fitFunding ?? true),
    startPrice: h1.close[h1.indexOf(Date.UTC(2025, 0, 1))] as number,
  };
}

function crashNumbers(m15: CandleSeries): YearStats['crash20251010'] {
  const at = m15.indexOf(Date.UTC(2025, 9, 10, 20, 45));
  const day = resample(m15.range(Date.UTC(2025, 9, 10), Date.UTC(2025, 9, 11)), '1d').series;
  let low = Infinity;
  for (let i = at; i < at + 4; i++) low = Math.min(low, m15.low[i] as number);
  return { before: m15.open[at] as number, low, dayClose: day.close[0] as number };
}

function measureFunding(dataDir: string, base: FundingParams, fit: boolean): FundingFit {
  const interest = FUNDING_VENUE_RULES.interest8h;
  const binanceEvents = readRealFunding(dataDir, 'binanceFunding');
  const binance = { rates8h: binanceEvents.map((e) => e.rate), intervalHours: 8 };
  const gate = { rates8h: readRealFunding(dataDir, 'gateFunding').map((e) => e.rate * 2), intervalHours: 4 };
  const pooled = fundingMoments([binance, gate], interest);
  const fitted = fit ? fitFundingPremium(pooled, base) : undefined;
  return {
    binance: fundingMoments([binance], interest),
    gate: fundingMoments([gate], interest),
    pooled,
    lateMsShare: binanceEvents.filter((e) => e.time % 1000 !== 0).length / binanceEvents.length,
    ...(fitted ? { fitted, simulated: simulatedMoments(fitted) } : {}),
  };
}
