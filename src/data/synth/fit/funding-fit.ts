import { simulateRates8h } from '../funding.js';
import { SynthRandom } from '../prng.js';
import { autocorrelation } from '../stats.js';
import type { FundingParams } from '../synth-params.types.js';
import { nelderMead } from './nelder-mead.js';

/** Moments of a funding series normalised to 8h, time-weighted when venues with other intervals mix. */
export interface FundingMoments {
  readonly settlements: number;
  readonly mean: number;
  readonly sd: number;
  /** Lag-one autocorrelation of the 8h series. */
  readonly autocorr8h: number;
  /** Share of time at the interest baseline (the clamp held the rate at I). */
  readonly baselineShare: number;
  /** Share of time at or below SQUEEZE_RATE_8H. */
  readonly squeezeShare: number;
  readonly min: number;
}

/** A rate at or below -0.05% per 8h (beyond Binance's clamp) counts as a negative squeeze. */
export const SQUEEZE_RATE_8H = -0.0005;

/** Moments of one or more series: `rates8h` normalised to 8h, each weighted by its interval hours. */
export function fundingMoments(
  series: readonly { rates8h: readonly number[]; intervalHours: number }[],
  interest8h: number,
): FundingMoments {
  const all = series.flatMap((s) => s.rates8h.map((r) => ({ r, w: s.intervalHours })));
  const W = all.reduce((s, x) => s + x.w, 0);
  const share = (p: (r: number) => boolean): number => all.reduce((s, x) => s + (p(x.r) ? x.w : 0), 0) / W;
  const mean = all.reduce((s, x) => s + x.r * x.w, 0) / W;
  const eightHour = series.filter((s) => s.intervalHours === 8).flatMap((s) => s.rates8h);
  return {
    settlements: all.length,
    mean,
    sd: Math.sqrt(all.reduce((s, x) => s + (x.r - mean) ** 2 * x.w, 0) / W),
    autocorr8h: autocorrelation(eightHour, 1),
    baselineShare: share((r) => Math.abs(r - interest8h) < 1e-9),
    squeezeShare: share((r) => r <= SQUEEZE_RATE_8H),
    min: Math.min(...all.map((x) => x.r)),
  };
}

const FIT_HOURS = 10 * 365 * 24;

/** Moments of the model's own 8h rates over FIT_HOURS simulated hours (fixed seed: common random numbers). */
export function simulatedMoments(p: FundingParams): FundingMoments {
  const rates = simulateRates8h(new SynthRandom(20240801, 99), FIT_HOURS, p);
  return fundingMoments([{ rates8h: Array.from(rates), intervalHours: 8 }], p.interest8h);
}

/**
 * Chooses the latent premium parameters (mean, hourly AR coefficient and noise, squeeze rate and
 * size) whose simulated 8h rates best match `target` (method of simulated moments, Nelder-Mead).
 */
export function fitFundingPremium(target: FundingMoments, base: FundingParams): FundingParams {
  const decode = (x: readonly number[]): FundingParams => ({
    ...base,
    premiumMean: (x[0] as number) * 1e-4,
    premiumPhiPerHour: 1 / (1 + Math.exp(-(x[1] as number))),
    premiumSdPerHour: Math.exp(x[2] as number),
    squeezePerHour: Math.exp(x[3] as number),
    squeezeMeanSize: Math.exp(x[4] as number),
  });
  const loss = (x: readonly number[]): number => {
    const m = simulatedMoments(decode(x));
    return (
      ((m.mean - target.mean) / 1e-4) ** 2 +
      ((m.sd - target.sd) / 1e-4) ** 2 +
      ((m.autocorr8h - target.autocorr8h) / 0.1) ** 2 +
      ((m.baselineShare - target.baselineShare) / 0.05) ** 2 +
      ((m.squeezeShare - target.squeezeShare) / 0.03) ** 2
    );
  };
  const x0 = [1, Math.log(0.9 / 0.1), Math.log(2e-4), Math.log(0.005), Math.log(1e-3)];
  const best = nelderMead(loss, x0, [1, 1, 0.5, 0.5, 0.5], 600);
  return decode(best.x);
}
