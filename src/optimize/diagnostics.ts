import type { TrialResult } from './job.js';
import { probabilityOfOverfitting } from './pbo.js';
import { deflatedSharpe, moments, periodSharpe } from './stats.js';

/** Overfitting diagnostics of one search, from the trials' daily returns. */
export interface Diagnostics {
  /** Feasible trials counted as independent tries. */
  readonly trials: number;
  /** The best trial's daily Sharpe ratio (not annualised). */
  readonly bestDailySharpe: number;
  /** The daily Sharpe ratio the best of that many no-skill trials would reach. */
  readonly expectedMaxDailySharpe: number;
  readonly deflatedSharpe: number;
  /** Probability of backtest overfitting (CSCV); undefined with fewer days than 2 per group. */
  readonly pbo: number | undefined;
}

/** Deflated Sharpe ratio of the best trial and PBO over the feasible trials; undefined with under 2 trials or days. */
export function diagnose(
  trials: readonly TrialResult[],
  best: TrialResult | undefined,
  pboGroups: number,
): Diagnostics | undefined {
  const feasible = trials.filter((t) => t.score > -Infinity && t.dailyReturns.length > 0);
  if (!best || feasible.length < 2 || best.dailyReturns.length < 2) return undefined;
  const sharpes = feasible.map((t) => periodSharpe(t.dailyReturns));
  const m = moments(best.dailyReturns);
  const sr = periodSharpe(best.dailyReturns);
  const { dsr, expectedMax } = deflatedSharpe({
    sharpe: sr,
    observations: best.dailyReturns.length,
    skew: m.skew,
    kurtosis: m.kurtosis,
    trials: feasible.length,
    sharpeVariance: moments(sharpes).std ** 2,
  });
  const days = best.dailyReturns.length;
  const aligned = feasible.every((t) => t.dailyReturns.length === days);
  const pbo =
    aligned && days >= pboGroups * 2
      ? probabilityOfOverfitting(
          feasible.map((t) => t.dailyReturns),
          pboGroups,
        ).pbo
      : undefined;
  return {
    trials: feasible.length,
    bestDailySharpe: sr,
    expectedMaxDailySharpe: expectedMax,
    deflatedSharpe: dsr,
    pbo,
  };
}
