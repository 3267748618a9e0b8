import { type Timeframe, timeframeMs } from '../../core/index.js';
import { CandleSeries, CandleSeriesBuilder } from './candle-series.js';

export interface ResampleResult {
  readonly series: CandleSeries;
  /** How many source bars went into each output bar. */
  readonly barCounts: Uint32Array;
  /** How many source bars a full output bar holds (e.g. 4 for 15m -> 1h). */
  readonly fullCount: number;
}

export interface ResampleOptions {
  /** Keep only output bars built from every source bar of their bucket. Default false. */
  readonly requireFull?: boolean;
}

/**
 * Aggregates a fine series into a coarser timeframe. Buckets are aligned to the UTC epoch, so a 1h bar
 * covers [hh:00, hh+1:00) and a 1d bar covers one UTC day; each output bar is keyed by its bucket's
 * open time: open of the first source bar, high/low extremes, close of the last, summed volume.
 */
export function resample(source: CandleSeries, to: Timeframe, options: ResampleOptions = {}): ResampleResult {
  const fromMs = source.timeframeMs;
  const toMs = timeframeMs(to);
  if (toMs < fromMs || toMs % fromMs !== 0) {
    throw new RangeError(`cannot resample ${source.timeframe} to ${to}: target must be a whole multiple`);
  }
  const fullCount = toMs / fromMs;
  const out = new CandleSeriesBuilder(to, Math.ceil(source.length / fullCount) + 1);
  const counts: number[] = [];
  const { openTime, open, high, low, close, volume } = source;
  let i = 0;
  while (i < source.length) {
    const bucket = Math.floor((openTime[i] ?? 0) / toMs) * toMs;
    const end = bucket + toMs;
    const o = open[i] ?? NaN;
    let h = -Infinity;
    let l = Infinity;
    let c = NaN;
    let v = 0;
    let n = 0;
    while (i < source.length && (openTime[i] ?? Infinity) < end) {
      const hi = high[i] ?? NaN;
      const lo = low[i] ?? NaN;
      if (hi > h) h = hi;
      if (lo < l) l = lo;
      c = close[i] ?? NaN;
      v += volume[i] ?? 0;
      n++;
      i++;
    }
    if (options.requireFull && n < fullCount) continue;
    out.push(bucket, o, h, l, c, v);
    counts.push(n);
  }
  return { series: out.build(), barCounts: Uint32Array.from(counts), fullCount };
}
