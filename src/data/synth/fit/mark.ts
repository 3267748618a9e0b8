import { HOUR_MS } from '../../../core/index.js';
import type { CandleSeries } from '../../series/index.js';
import { autocorrelation, mean, median, std } from '../stats.js';

export interface MarkStats {
  /** ln(mark / last) at the 8h boundaries where both are known: samples, mean, sd, lag-8h autocorrelation. */
  readonly samples: number;
  readonly basisMean: number;
  readonly basisSd: number;
  readonly basisAutocorr8h: number;
  /** Median of ln(markHigh / markLow) over ln(lastHigh / lastLow) across the 8h windows. */
  readonly rangeRatio8h: number;
}

/** Compares 8h mark candles with the last-price 1h candles of the same windows. */
export function measureMark(mark8h: CandleSeries, last1h: CandleSeries): MarkStats {
  const basis: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < mark8h.length; i++) {
    const from = mark8h.time(i);
    const a = last1h.indexOf(from);
    const b = last1h.indexOf(from + 7 * HOUR_MS);
    if (a < 0 || b < 0 || b - a !== 7) continue;
    basis.push(Math.log((mark8h.open[i] as number) / (last1h.open[a] as number)));
    basis.push(Math.log((mark8h.close[i] as number) / (last1h.close[b] as number)));
    let hi = -Infinity;
    let lo = Infinity;
    for (let j = a; j <= b; j++) {
      hi = Math.max(hi, last1h.high[j] as number);
      lo = Math.min(lo, last1h.low[j] as number);
    }
    ratios.push(Math.log((mark8h.high[i] as number) / (mark8h.low[i] as number)) / Math.log(hi / lo));
  }
  const closes = basis.filter((_, k) => k % 2 === 1);
  return {
    samples: basis.length,
    basisMean: mean(basis),
    basisSd: std(basis),
    basisAutocorr8h: autocorrelation(closes, 1),
    rangeRatio8h: median(ratios),
  };
}
