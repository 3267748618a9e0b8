/** Parameters of the synthetic NMR perpetual market. Every rate and size is per the unit in its name. */
export interface SynthParams {
  /** First open price (USDT). */
  readonly startPrice: number;
  /** Prices are rounded to this many decimals (the venue tick; 3 = 0.001 USDT). */
  readonly priceDecimals: number;
  /** Volatility regimes: a Markov chain stepped once an hour. */
  readonly regimes: RegimeParams;
  /** Student-t degrees of freedom of the 1m return innovations (fat tails at the minute scale). */
  readonly tailDf: number;
  /** Volatility multiplier per UTC hour (24 values, mean square 1). */
  readonly hourOfDayVol: readonly number[];
  /** Volume multiplier per UTC hour (24 values, mean 1). */
  readonly hourOfDayVolume: readonly number[];
  /** Standard deviation of ln(open / previous close) of a 1m bar: first trade vs last trade. */
  readonly openGapSd: number;
  /** Mean wick beyond the bar body on each side, in units of the bar's return standard deviation. */
  readonly wickScale: number;
  readonly jumps: JumpParams;
  readonly cascades: CascadeParams;
  readonly volume: VolumeParams;
  readonly mark: MarkParams;
  readonly funding: FundingParams;
}

export interface RegimeParams {
  /** State names, calmest first. */
  readonly names: readonly string[];
  /** Standard deviation of a 1h log return in each state, before the hour-of-day multiplier. */
  readonly hourlyVol: readonly number[];
  /** Hourly transition matrix: transition[i][j] = P(next hour in j | this hour in i). Rows sum to 1. */
  readonly transition: readonly (readonly number[])[];
}

/** Sudden one-minute moves (compound Poisson). */
export interface JumpParams {
  readonly perYear: number;
  /** Share of jumps that go up. */
  readonly upShare: number;
  /** Mean and standard deviation of ln|jump log return|. */
  readonly logSizeMean: number;
  readonly logSizeSd: number;
}

/**
 * Rare multi-minute events: a liquidation cascade (down) or squeeze (up). The price runs to `peak`
 * (log move from the last price before the event) over a ramp, then gives back part of it over a
 * retrace, keeping a share `retention` of the peak move. The turbulent regime holds during the event.
 */
export interface CascadeParams {
  readonly perYear: number;
  readonly upShare: number;
  /** Mean and standard deviation of ln|peak log move|. */
  readonly peakLogMean: number;
  readonly peakLogSd: number;
  /** The largest |peak log move| drawn (keeps one draw from erasing the price). */
  readonly peakMax: number;
  /** Retention is drawn uniformly in [retentionMin, retentionMax]. */
  readonly retentionMin: number;
  readonly retentionMax: number;
  /** Ramp and retrace durations are drawn log-uniformly in [min, max] minutes. */
  readonly rampMinutesMin: number;
  readonly rampMinutesMax: number;
  readonly retraceMinutesMin: number;
  readonly retraceMinutesMax: number;
  /** Hours the turbulent regime is held after an event ends (it is held during the event itself). */
  readonly aftermathHours: number;
  /**
   * Mean and sd of ln(volume inside an event / volume of the week before); the turbulent regime's
   * own volume factor is divided out when the event is generated.
   */
  readonly volumeLogMean: number;
  readonly volumeLogSd: number;
  /** The largest volume multiple drawn. */
  readonly volumeMultipleMax: number;
}

export interface VolumeParams {
  /** Mean base volume (NMR) of a 1m bar at hour-of-day and regime multipliers of 1. */
  readonly meanPerMinute: number;
  /** Volume multiplier per regime state (same order as the regimes). */
  readonly regimeFactor: readonly number[];
  /** Volume rises by this much per unit of |return| / expected standard deviation of the bar. */
  readonly absReturnSlope: number;
  /** Standard deviation of the mean-one log-normal noise on each 1m volume. */
  readonly noiseSd: number;
  /** Slow volume level: stationary sd of its log and its AR(1) coefficient per day (stepped hourly). */
  readonly levelSd: number;
  readonly levelPhiPerDay: number;
}

export interface MarkParams {
  /** Mean of ln(mark / last), and its stationary standard deviation. */
  readonly basisMean: number;
  readonly basisSd: number;
  /** Half-life of the basis AR(1), minutes. */
  readonly basisHalfLifeMinutes: number;
  /** The mark's wicks beyond its body are this share of the last price's wicks (the mark is smoothed). */
  readonly wickDamping: number;
}

export interface FundingParams {
  /** Settlement interval at the start, hours. */
  readonly initialIntervalHours: number;
  /** Interval after the switch, hours (equal to the initial one for no switch). */
  readonly laterIntervalHours: number;
  /** Where in the span the switch happens, as a share of it (floored to a UTC day). */
  readonly switchAtShare: number;
  /** Interest component per 8h, and the clamp on (interest - premium) per 8h (Binance formula). */
  readonly interest8h: number;
  readonly clamp8h: number;
  /** Cap on |rate| per settlement. */
  readonly rateCap: number;
  /** Latent premium index (8h units), stepped hourly: AR(1) plus negative squeeze jumps. */
  readonly premiumMean: number;
  readonly premiumPhiPerHour: number;
  readonly premiumSdPerHour: number;
  readonly squeezePerHour: number;
  readonly squeezeMeanSize: number;
  /** Share of settlements stamped 1 ms late, as Binance's fundingTime often is. */
  readonly lateMsShare: number;
}
