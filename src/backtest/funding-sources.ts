import { type EpochMs, HOUR_MS, MINUTE_MS } from '../core/index.js';
import type { CandleSeries, FundingEvent } from '../data/index.js';
import { FundingSeries } from '../data/index.js';
import type { FundingRateEvent } from '../strategy/index.js';

export interface FundingFallback {
  /** Rate per settlement when neither history nor spot prices exist (e.g. 0.0001 per 8 h, or 0). */
  readonly constantRate8h: number;
  /** Settlement interval assumed where no real settlement tells it. */
  readonly intervalHours: number;
  /** Binance's interest component per 8 h (0.01%). */
  readonly interestRate8h: number;
  /** Clamp of (interest - premium) per 8 h (0.05%). */
  readonly clamp8h: number;
}

export const DEFAULT_FUNDING_FALLBACK: FundingFallback = {
  constantRate8h: 0.0001,
  intervalHours: 8,
  interestRate8h: 0.0001,
  clamp8h: 0.0005,
};

export interface FundingCoverage {
  readonly settlements: number;
  readonly real: number;
  readonly premiumEstimate: number;
  readonly constant: number;
  /** Shares of the settlements, each in [0, 1], summing to 1 when there are settlements. */
  readonly shares: { readonly real: number; readonly premiumEstimate: number; readonly constant: number };
}

export interface FundingPlan {
  readonly events: FundingRateEvent[];
  readonly coverage: FundingCoverage;
}

const MATCH_TOLERANCE_MS = 2 * MINUTE_MS;

/**
 * Every funding settlement of [from, to): the real ones from the store, and for the settlement
 * times the store lacks, an estimate from the perpetual/spot premium with Binance's formula
 * (average premium over the interval + clamp(interest - premium, +-0.05%)) when spot candles cover
 * the interval, else the configured constant. Settlement times for the missing stretches follow the
 * nearest real interval (else the configured one) on the UTC grid.
 */
export function planFunding(input: {
  symbol: string;
  from: number;
  to: number;
  real: readonly FundingEvent[];
  perp: CandleSeries;
  spot?: CandleSeries | undefined;
  fallback: FundingFallback;
}): FundingPlan {
  const { symbol, from, to, fallback } = input;
  const realSeries = new FundingSeries(input.real.filter((e) => e.time >= from && e.time < to));
  const out: FundingRateEvent[] = [];
  let premium = 0;
  let constant = 0;
  const realTimes = realSeries.events.map((e) => e.time as number);
  const markAt = (t: number): number => closeBefore(input.perp, t);

  realSeries.events.forEach((e, i) => {
    const h = realSeries.intervalHours[i] as number;
    out.push({
      symbol,
      time: e.time,
      rate: e.rate,
      intervalHours: h,
      rate8h: (e.rate * 8) / h,
      // Before the first bar has closed no position can be open; the first open stands in as the mark.
      markPrice: e.markPrice ?? firstFinite(markAt(e.time), input.perp.open[0] ?? NaN),
      source: 'real',
    });
  });

  const intervalAt = (t: number): number => nearestInterval(realSeries, t) ?? fallback.intervalHours;
  let t = Math.ceil(from / (fallback.intervalHours * HOUR_MS)) * fallback.intervalHours * HOUR_MS;
  let cursor = 0;
  while (t < to) {
    const h = intervalAt(t);
    const step = h * HOUR_MS;
    t = Math.ceil(t / step) * step;
    if (t >= to) break;
    while (cursor < realTimes.length && (realTimes[cursor] as number) < t - MATCH_TOLERANCE_MS) cursor++;
    const covered =
      cursor < realTimes.length && Math.abs((realTimes[cursor] as number) - t) <= MATCH_TOLERANCE_MS;
    const inRealStretch = isInsideRealStretch(realSeries, t);
    if (!covered && !inRealStretch) {
      const mark = markAt(t);
      if (Number.isFinite(mark)) {
        const est = input.spot ? premiumRate(input.perp, input.spot, t - step, t, h, fallback) : undefined;
        const rate = est ?? (fallback.constantRate8h * h) / 8;
        if (est !== undefined) premium++;
        else constant++;
        out.push({
          symbol,
          time: t as EpochMs,
          rate,
          intervalHours: h,
          rate8h: (rate * 8) / h,
          markPrice: mark,
          source: est !== undefined ? 'premium-estimate' : 'constant',
        });
      }
    }
    t += step;
  }
  out.sort((a, b) => a.time - b.time);
  const real = realSeries.length;
  const total = real + premium + constant;
  const share = (n: number): number => (total === 0 ? 0 : n / total);
  return {
    events: out,
    coverage: {
      settlements: total,
      real,
      premiumEstimate: premium,
      constant,
      shares: { real: share(real), premiumEstimate: share(premium), constant: share(constant) },
    },
  };
}

/** Binance: F = P + clamp(I - P, -c, c), with P the average premium of perp over spot in the interval. */
function premiumRate(
  perp: CandleSeries,
  spot: CandleSeries,
  start: number,
  end: number,
  intervalHours: number,
  fb: FundingFallback,
): number | undefined {
  let sum = 0;
  let n = 0;
  const i0 = perp.lowerBound(start);
  const i1 = perp.lowerBound(end);
  for (let i = i0; i < i1; i++) {
    const j = spot.indexOf(perp.openTime[i] as number);
    if (j < 0) continue;
    const s = spot.close[j] as number;
    if (s > 0) {
      sum += ((perp.close[i] as number) - s) / s;
      n++;
    }
  }
  if (n === 0) return undefined;
  const scale = intervalHours / 8;
  const p = sum / n;
  const interest = fb.interestRate8h * scale;
  const clamp = fb.clamp8h * scale;
  return p + Math.min(clamp, Math.max(-clamp, interest - p));
}

function firstFinite(a: number, b: number): number {
  return Number.isFinite(a) ? a : b;
}

function closeBefore(s: CandleSeries, t: number): number {
  // The last bar that has closed at or before t.
  const i = s.lowerBound(t - s.timeframeMs + 1) - 1;
  return i >= 0 ? (s.close[i] as number) : NaN;
}

function nearestInterval(s: FundingSeries, t: number): number | undefined {
  if (s.length === 0) return undefined;
  let best = 0;
  let bestDist = Infinity;
  s.events.forEach((e, i) => {
    const d = Math.abs(e.time - t);
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  });
  return s.intervalHours[best];
}

/** True when t lies between two real settlements that are not a gap (so no settlement is missing). */
function isInsideRealStretch(s: FundingSeries, t: number): boolean {
  const ev = s.events;
  if (ev.length === 0) return false;
  const first = ev[0]?.time ?? Infinity;
  const last = ev[ev.length - 1]?.time ?? -Infinity;
  if (t < first - MATCH_TOLERANCE_MS || t > last + MATCH_TOLERANCE_MS) return false;
  return !s.gaps().some((g) => t > g.after + MATCH_TOLERANCE_MS && t < g.before - MATCH_TOLERANCE_MS);
}
