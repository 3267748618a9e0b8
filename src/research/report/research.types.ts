import type { SignalName } from '../../signals/index.js';

/** A two-sided 95% confidence interval; null bounds when there are too few samples to form one. */
export interface Interval {
  readonly low: number | null;
  readonly high: number | null;
}

/** One signal at one horizon: Spearman IC and hit rate over non-overlapping samples. */
export interface HorizonStat {
  readonly horizonBars: number;
  readonly horizonHours: number;
  /** Samples with both a signal value and a forward return (one every `horizonBars` bars). */
  readonly n: number;
  /** Spearman rank correlation of the value with the forward return; null below 3 samples or constant. */
  readonly ic: number | null;
  /** Fisher z interval: tanh(atanh(ic) +/- 1.96 / sqrt(n - 3)). */
  readonly icCi: Interval;
  /** Samples with a non-zero value and a non-zero return (the hit-rate denominator). */
  readonly hitN: number;
  /** Share of those whose value and return have the same sign. */
  readonly hitRate: number | null;
  /** Wilson score interval of the hit rate. */
  readonly hitCi: Interval;
}

/** The IC decay of one signal: its row per horizon. */
export interface SignalStudy {
  readonly signal: SignalName;
  readonly horizons: readonly HorizonStat[];
}

export type ClaimStatus = 'ok' | 'not enough data' | 'no network data' | 'constant input';

/** "Funding beyond a threshold predicts reversion": mean forward return after extreme settlements vs the rest. */
export interface FundingClaim {
  readonly side: 'above' | 'below';
  /** rate8h threshold (a fraction: 0.001 = 0.1% per 8 h). */
  readonly threshold: number;
  readonly horizonHours: number;
  readonly status: ClaimStatus;
  readonly nExtreme: number;
  readonly nRest: number;
  readonly meanExtreme: number | null;
  readonly meanRest: number | null;
  /** meanExtreme - meanRest (reversion: negative above, positive below). */
  readonly difference: number | null;
  /** Percentile bootstrap interval of the difference (seeded, so deterministic). */
  readonly differenceCi: Interval;
}

/** "Network health leads funding": Spearman of network_health at t vs the funding rate8h in force at t + lag. */
export interface NetworkLeadStat {
  readonly lagHours: number;
  readonly status: ClaimStatus;
  readonly n: number;
  readonly rho: number | null;
  readonly ci: Interval;
}

export interface ResearchReport {
  readonly title: string;
  readonly synthetic: boolean;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly firstBarClose: number;
  readonly lastBarClose: number;
  readonly bars: number;
  readonly settlements: number;
  /** Settlements by where their rate came from (real history, premium estimate, constant fallback). */
  readonly fundingSources: Readonly<Record<'real' | 'premium-estimate' | 'constant', number>>;
  readonly networkData: number;
  readonly signals: readonly SignalStudy[];
  readonly fundingClaims: readonly FundingClaim[];
  readonly networkLeads: readonly NetworkLeadStat[];
}
