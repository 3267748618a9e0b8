import type { CascadeEvent } from './cascade-events.js';
import type { SynthParams } from './synth-params.types.js';

/*
 * Every number below was measured by `npx tsx scripts/fit-synth.ts` from the real files in
 * ../shared/data (paths in fit/real-files.ts NMR_FIT_FILES), rounded to 4 significant digits, unless
 * its comment says "assumed" or "venue rule". Files:
 *   nmtrong 15m/1h = Binance USD-M perp, 2024-10-23 → 2025-10-23 (SOURCES.md A2)
 *   faruk 1m       = Binance USD-M perp 1m, 2025-06-16 → 06-22 (SOURCES.md A4)
 *   bybit 1d       = Bybit linear perp daily, 2023-09-04 → 2025-11-13 (SOURCES.md C)
 *   alpergulsen    = Binance USD-M funding / 8h mark / 1h last, 2023-07 (SOURCES.md A1)
 *   gate           = Gate.io funding every 4h, 2024-08 (SOURCES.md B)
 * docs/synthetic-market.md explains each statistic.
 */

/** Binance's funding constants (venue rule, not measured): F = P + clamp(I - P, -c, c) per 8h. */
export const FUNDING_VENUE_RULES = { interest8h: 0.0001, clamp8h: 0.0005 } as const;

/** The synthetic NMR perpetual, fitted to the real NMR data. */
export const NMR_SYNTH_PARAMS: SynthParams = {
  // nmtrong 1h: close of the bar opening 2025-01-01 00:00 UTC (the default start).
  startPrice: 15.304,
  // Venue rule: NMRUSDT tick 0.001 (every nmtrong/faruk price has 3 decimals).
  priceDecimals: 3,
  regimes: {
    names: ['calm', 'normal', 'turbulent'],
    // nmtrong 1h: 3-state Gaussian HMM (Baum-Welch) on 1h log returns over the hour-of-day vol
    // profile, cascade days and jump hours missing; emission sd per state.
    hourlyVol: [0.006149, 0.01098, 0.02431],
    // Same HMM: hourly transition matrix. Mean stays 20.8 h / 10.5 h / 3.4 h; stationary
    // shares 45.5% / 46.8% / 7.7%.
    transition: [
      [0.95198, 0.04775, 0.00027],
      [0.04663, 0.90481, 0.04856],
      [0, 0.2983, 0.7017],
    ],
  },
  // faruk 1m: kurtosis of 1m returns over their local (±30 min) RMS is 8.63 → t df 4 + 6/(k - 3).
  tailDf: 5.066,
  // nmtrong 15m: mean |log return| per UTC hour (cascade days and jumps left out), mean square 1.
  // 02-06 UTC and 23 UTC are quiet, 13-16 UTC (US open) busy.
  hourOfDayVol: [
    1.113, 1.095, 0.9581, 0.9225, 0.9271, 0.8793, 0.9899, 0.9014, 1.013, 0.95, 0.9075, 0.8981, 1.051, 1.198,
    1.232, 1.17, 1.141, 1.064, 0.9647, 0.8958, 0.9374, 0.9476, 0.9046, 0.7843,
  ],
  // nmtrong 15m: volume over its centred 1-day mean, averaged per UTC hour, mean 1.
  hourOfDayVolume: [
    1.045, 0.9316, 0.8495, 0.7892, 0.835, 0.8109, 0.8966, 0.9796, 1.018, 1.074, 0.9917, 0.9739, 1.159, 1.319,
    1.37, 1.329, 1.225, 1.085, 1.059, 0.9296, 0.9336, 0.8397, 0.8141, 0.7411,
  ],
  // faruk 1m: sd of ln(open / previous close) = 2.64 bp (the first trade is about a tick off).
  openGapSd: 0.0002643,
  // faruk 1m: mean wick per side over the local RMS of 1m returns. Range/body of 1m bars is 1.644.
  wickScale: 0.2239,
  jumps: {
    // nmtrong 15m: 29 bars with |return| > 8 x robust local sd (1.4826 x median |r| over ±12 h),
    // off cascade days, in 350.6 days.
    perYear: 30.24,
    upShare: 0.5172,
    // Same bars: mean and sd of ln|return| (median jump 4.0%).
    logSizeMean: -3.223,
    logSizeSd: 0.3326,
  },
  cascades: {
    // bybit 1d: 21 days in 801 with |close move| > 15% or an extreme > 25% from the previous close.
    perYear: 9.569,
    upShare: 0.4286,
    // Same days: mean and sd of ln|peak log move| (median peak 32%; 2025-10-10 reached -132%).
    peakLogMean: -1.127,
    peakLogSd: 0.4704,
    // Assumed guard above the largest measured peak (1.323 on 2025-10-10).
    peakMax: 1.5,
    // Same days: 10th and 90th percentiles of close move / peak move.
    retentionMin: 0.3021,
    retentionMax: 0.9668,
    // nmtrong 15m on the 15 cascade days of its year: p10/p90 minutes to the extreme and back.
    rampMinutesMin: 88.5,
    rampMinutesMax: 1049,
    retraceMinutesMin: 13.5,
    retraceMinutesMax: 490.5,
    // nmtrong 1h HMM: median hours after a cascade day with P(turbulent) >= 0.5 is 0.
    aftermathHours: 0,
    // nmtrong 15m, same 15 events: mean and sd of ln(volume from ramp start to retrace end over the
    // mean volume of the 7 days before); median multiple 6.4, 2025-10-10 37, 2025-08-27 316.
    volumeLogMean: 2.511,
    volumeLogSd: 2.005,
    // Same events: the largest multiple (2025-08-27).
    volumeMultipleMax: 316.4,
  },
  volume: {
    // nmtrong 15m: mean volume off cascade days, 13,133 NMR per 15m → per minute.
    meanPerMinute: 875.6,
    // nmtrong 1h: HMM-posterior-weighted mean volume per state over the overall mean.
    regimeFactor: [0.4917, 1.033, 3.976],
    // faruk 1m: volume over its ±30 min mean = a + b|z| (z = return / local RMS): b / a.
    absReturnSlope: 4.056,
    // faruk 1m: sd of the log residual of that fit.
    noiseSd: 1.092,
    // nmtrong 1h: hourly volume over (hour-of-day factor x HMM-posterior regime factor), averaged
    // per whole observed UTC day: sd of its log and lag-1 day autocorrelation (volume grew ~20x from
    // late 2024 to Aug-Sep 2025).
    levelSd: 0.7287,
    levelPhiPerDay: 0.7249,
  },
  mark: {
    // alpergulsen: ln(mark / last) at 178 open/close points of the 8h mark vs 1h last candles.
    basisMean: 0.0001574,
    basisSd: 0.001005,
    // Assumed: the 8h samples show no persistence (autocorrelation -0.11) and the 2026 snapshot
    // (guofeng, 4 samples 7 min apart) flips sign within minutes, so a short half-life.
    basisHalfLifeMinutes: 10,
    // Assumed: the mark comes from index prices and misses most last-price wicks (8h mark ranges
    // are 0.94 of last-price ranges in alpergulsen; 1m wicks are not measurable).
    wickDamping: 0.5,
  },
  funding: {
    // Assumed schedule: Binance NMRUSDT settled every 8h in 2023 (alpergulsen), every 4h in
    // 2024-26 (NOTES-perps.md §1); the switch sits half-way through the span.
    initialIntervalHours: 8,
    laterIntervalHours: 4,
    switchAtShare: 0.5,
    interest8h: FUNDING_VENUE_RULES.interest8h,
    clamp8h: FUNDING_VENUE_RULES.clamp8h,
    // Venue rule (typical Binance alt cap; NMR's own adjustedFundingRateCap not verified).
    rateCap: 0.02,
    // alpergulsen + gate funding, pooled by time: method of simulated moments (Nelder-Mead) on
    // mean -1.06 bp, sd 4.95 bp, lag-8h autocorrelation 0.478, 61.7% at the +1 bp baseline and
    // 10.0% at or below -5 bp per 8h. Latent premium in 8h units, stepped hourly.
    premiumMean: -0.0001254,
    premiumPhiPerHour: 0.8845,
    premiumSdPerHour: 0.0002182,
    squeezePerHour: 0.01035,
    squeezeMeanSize: 0.001913,
    // alpergulsen: 7 of 89 settlement times are `…:00.001`.
    lateMsShare: 0.07865,
  },
};

/** Real-data figures a generated market is checked against (same estimators, see market-stats.ts). */
export const NMR_SYNTH_TARGETS = {
  // nmtrong 1h: sd of 1h log returns winsorised at 0.1%/99.9%, annualised.
  annualisedVol1h: 1.147,
  // nmtrong 1h: kurtosis of raw 1h log returns (the 2025-10-10 hour alone adds most of it).
  kurtosis1h: 77.9,
  // nmtrong 1h: rank (Spearman) correlation of volume with |log return|.
  volumeAbsReturnCorr1h: 0.3366,
  // nmtrong 1h HMM: stationary share of the turbulent state.
  turbulentShare: 0.07667,
  // faruk 1m: mean ln(high / low) over mean |ln(close / open)|.
  rangeToBody1m: 1.644,
  // nmtrong 15m: mean volume per minute over the whole year, cascade days included.
  meanVolumePerMinute: 1637,
  // alpergulsen + gate pooled by time, normalised to 8h.
  fundingMean8h: -0.0001056,
  fundingSd8h: 0.0004949,
  fundingBaselineShare: 0.6167,
  fundingSqueezeShare: 0.1,
} as const;

/** A cascade's shape without its time: add `at` to replay it in a synthetic market. */
export type CascadeShape = Omit<CascadeEvent, 'at'>;

/**
 * The 2025-10-10 liquidation cascade (nmtrong 15m): 14.769 at 20:45 UTC, a 4.231 wick in the 21:15
 * bar (ln = -1.250), day close 11.333 (21% of the move kept); about 35 min down, 40 min back;
 * volume 37x the week before over the event window.
 */
export const CRASH_2025_10_10: CascadeShape = {
  peak: -1.2501,
  retention: 0.2118,
  rampMinutes: 35,
  retraceMinutes: 40,
  volumeMultiple: 37.2,
};

/**
 * The 2024-03-09/10 squeeze (bybit 1d): 39.533 close on 03-08, 52.422 on 03-09, a 54.508 high on
 * 03-10 (ln = +0.321) and a 47.721 close (59% kept). Daily bars only: the high is placed mid-03-10;
 * volume of the two days 2.26x the 7 days before.
 */
export const SQUEEZE_2024_03_09: CascadeShape = {
  peak: 0.3212,
  retention: 0.586,
  rampMinutes: 2160,
  retraceMinutes: 720,
  volumeMultiple: 2.26,
};
