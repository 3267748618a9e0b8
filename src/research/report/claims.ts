import { HOUR_MS } from '../../core/index.js';
import { spearman } from '../review/index.js';
import { lastAtOrBefore, type StudyInputs } from './collect.js';
import { bootstrapMeanDifference, fisherInterval, mean } from './intervals.js';
import type { FundingClaim, NetworkLeadStat } from './research.types.js';

export interface ClaimOptions {
  /** rate8h threshold of "extreme" funding (a fraction, 0.001 = 0.1% per 8 h). */
  readonly threshold: number;
  readonly horizonHours: number;
  /** Fewer samples than this in a group (or in a correlation) reports "not enough data". */
  readonly minCount: number;
  readonly resamples: number;
  readonly seed: number;
  readonly lagsHours: readonly number[];
}

/**
 * Forward return after each settlement: from the last close at or before it to the last close at or
 * before it + horizon; settlements whose horizon ends after the last bar are left out.
 */
function settlementReturns(inputs: StudyInputs, horizonMs: number): { rate8h: number; ret: number }[] {
  const out: { rate8h: number; ret: number }[] = [];
  const lastClose = inputs.closeTimes[inputs.closeTimes.length - 1] ?? -Infinity;
  for (const s of inputs.settlements) {
    if (s.time + horizonMs > lastClose) continue;
    const start = inputs.closes[lastAtOrBefore(inputs.closeTimes, s.time)];
    const end = inputs.closes[lastAtOrBefore(inputs.closeTimes, s.time + horizonMs)];
    if (start === undefined || end === undefined || !(start > 0)) continue;
    out.push({ rate8h: s.rate8h, ret: end / start - 1 });
  }
  return out;
}

/**
 * The playbook's claim "funding beyond +threshold (below -threshold) predicts reversion", as the
 * difference of mean forward returns after extreme settlements and after the rest, with a seeded
 * bootstrap interval. Reported, not judged.
 */
export function fundingClaims(inputs: StudyInputs, o: ClaimOptions): FundingClaim[] {
  const samples = settlementReturns(inputs, o.horizonHours * HOUR_MS);
  return (['above', 'below'] as const).map((side, k) => {
    const isExtreme = (rate: number) => (side === 'above' ? rate > o.threshold : rate < -o.threshold);
    const extreme = samples.filter((s) => isExtreme(s.rate8h)).map((s) => s.ret);
    const rest = samples.filter((s) => !isExtreme(s.rate8h)).map((s) => s.ret);
    const meanExtreme = mean(extreme);
    const meanRest = mean(rest);
    const enough = extreme.length >= o.minCount && rest.length >= o.minCount;
    const difference = enough && meanExtreme !== null && meanRest !== null ? meanExtreme - meanRest : null;
    return {
      side,
      threshold: o.threshold,
      horizonHours: o.horizonHours,
      status: enough ? 'ok' : 'not enough data',
      nExtreme: extreme.length,
      nRest: rest.length,
      meanExtreme,
      meanRest,
      difference,
      differenceCi: enough
        ? bootstrapMeanDifference(extreme, rest, { resamples: o.resamples, seed: o.seed + k })
        : { low: null, high: null },
    };
  });
}

/**
 * The claim "network health leads funding": Spearman of each network_health datum (at the time it
 * became available) with the funding rate8h in force `lag` hours later (the last settlement at or
 * before then; data whose lag ends after the last settlement are left out).
 */
export function networkLeads(inputs: StudyInputs, o: ClaimOptions): NetworkLeadStat[] {
  const times = inputs.settlements.map((s) => s.time);
  const lastSettlement = times[times.length - 1] ?? -Infinity;
  return o.lagsHours.map((lagHours) => {
    if (inputs.networkHealth.length === 0)
      return { lagHours, status: 'no network data', n: 0, rho: null, ci: { low: null, high: null } };
    const xs: number[] = [];
    const ys: number[] = [];
    for (const d of inputs.networkHealth) {
      const at = d.time + lagHours * HOUR_MS;
      const i = lastAtOrBefore(times, at);
      const rate = inputs.settlements[i]?.rate8h;
      if (at > lastSettlement || rate === undefined) continue;
      xs.push(d.value);
      ys.push(rate);
    }
    const enough = xs.length >= o.minCount;
    const rho = enough ? spearman(xs, ys) : null;
    // A null rho with enough pairs means a constant side: the constant funding fallback, in practice.
    const status = !enough ? 'not enough data' : rho === null ? 'constant input' : 'ok';
    return {
      lagHours,
      status,
      n: xs.length,
      rho,
      ci: fisherInterval(rho, xs.length),
    };
  });
}
