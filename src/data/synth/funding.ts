import { type EpochMs, DAY_MS, HOUR_MS } from '../../core/index.js';
import type { FundingEvent } from '../series/index.js';
import type { SynthRandom } from './prng.js';
import type { FundingParams } from './synth-params.types.js';

/** One settlement slot of the synthetic schedule. */
export interface FundingSlot {
  readonly time: EpochMs;
  readonly intervalHours: number;
}

/**
 * Settlement times in (start, end] on the UTC interval grid (00/08/16 for 8 h, every 4 h for 4 h),
 * switching from the initial to the later interval at a whole UTC day `switchAtShare` into the span.
 */
export function fundingSchedule(start: number, end: number, p: FundingParams): FundingSlot[] {
  const days = (end - start) / DAY_MS;
  const switchAt = start + Math.floor(days * p.switchAtShare) * DAY_MS;
  const out: FundingSlot[] = [];
  let t = start;
  for (;;) {
    const h = t < switchAt ? p.initialIntervalHours : p.laterIntervalHours;
    const step = h * HOUR_MS;
    t = (Math.floor(t / step) + 1) * step;
    if (t > end) return out;
    out.push({ time: t as EpochMs, intervalHours: h });
  }
}

/**
 * The latent premium index (in 8 h units), one value per hour: an AR(1) around `premiumMean`, started
 * from its stationary spread, plus negative squeeze jumps that decay at the same rate.
 */
export function simulatePremium(rng: SynthRandom, hours: number, p: FundingParams): Float64Array {
  const out = new Float64Array(hours);
  const phi = p.premiumPhiPerHour;
  let x = p.premiumMean + (p.premiumSdPerHour / Math.sqrt(1 - phi * phi)) * rng.normal();
  for (let i = 0; i < hours; i++) {
    x = p.premiumMean + phi * (x - p.premiumMean) + p.premiumSdPerHour * rng.normal();
    if (rng.chance(p.squeezePerHour)) x -= p.squeezeMeanSize * rng.exponential();
    out[i] = x;
  }
  return out;
}

/**
 * Binance's formula on an interval's average premium P (8 h units): F = P + clamp(I - P, -c, c),
 * scaled to the interval, capped, rounded to 8 decimals as the venue reports it.
 */
export function fundingRate(avgPremium8h: number, intervalHours: number, p: FundingParams): number {
  const diff = Math.min(p.clamp8h, Math.max(-p.clamp8h, p.interest8h - avgPremium8h));
  const rate = ((avgPremium8h + diff) * intervalHours) / 8;
  const capped = Math.min(p.rateCap, Math.max(-p.rateCap, rate));
  return Math.round(capped * 1e8) / 1e8;
}

/** Average of the hourly premium over the `hours` before hour index `endHour` (clipped at 0). */
function averagePremium(premium: Float64Array, endHour: number, hours: number): number {
  const from = Math.max(0, endHour - hours);
  let s = 0;
  for (let i = from; i < endHour; i++) s += premium[i] as number;
  return endHour > from ? s / (endHour - from) : (premium[0] as number);
}

/**
 * Funding settlements for [start, end): rate from the latent premium, mark price from `markAt(time)`,
 * the interval stated on each event. A share `lateMsShare` of times carry Binance's extra millisecond.
 */
export function generateFunding(
  rng: SynthRandom,
  start: number,
  end: number,
  p: FundingParams,
  markAt: (time: number) => number,
): FundingEvent[] {
  const premium = simulatePremium(rng, Math.ceil((end - start) / HOUR_MS), p);
  return fundingSchedule(start, end, p).map((slot) => {
    const endHour = Math.round((slot.time - start) / HOUR_MS);
    const rate = fundingRate(averagePremium(premium, endHour, slot.intervalHours), slot.intervalHours, p);
    const late = rng.chance(p.lateMsShare) ? 1 : 0;
    return {
      time: (slot.time + late) as EpochMs,
      rate,
      markPrice: markAt(slot.time),
      intervalHours: slot.intervalHours,
    };
  });
}

/** Rates of an 8 h settlement series simulated for `hours` (the fitting code matches its moments). */
export function simulateRates8h(rng: SynthRandom, hours: number, p: FundingParams): Float64Array {
  const premium = simulatePremium(rng, hours, p);
  const n = Math.floor(hours / 8);
  return Float64Array.from({ length: n }, (_, i) =>
    fundingRate(averagePremium(premium, (i + 1) * 8, 8), 8, p),
  );
}
