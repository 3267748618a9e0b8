import { CandleSeries } from '../series/index.js';
import type { MarketStore, SeriesKey, SeriesMeta, UpsertCounts } from '../store/index.js';

/**
 * Upserts bars, first setting aside those the store already holds with identical values. The result
 * is the same as `store.upsertCandles(key, series)`, but re-importing a file only reads and compares
 * columns instead of re-merging and rewriting every chunk.
 */
export function writeBars(
  store: MarketStore,
  key: SeriesKey,
  series: CandleSeries,
  meta: SeriesMeta,
): UpsertCounts {
  if (series.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const existing = store.loadCandles(key, { from: series.time(0), to: series.time(series.length - 1) + 1 });
  if (existing.length === 0) return store.upsertCandles(key, series, meta);
  const src = [series.openTime, series.open, series.high, series.low, series.close, series.volume];
  const old = [
    existing.openTime,
    existing.open,
    existing.high,
    existing.low,
    existing.close,
    existing.volume,
  ];
  const out = src.map((col) => new Float64Array(col.length));
  let n = 0;
  let same = 0;
  let j = 0;
  for (let i = 0; i < series.length; i++) {
    const t = series.openTime[i] as number;
    while (j < existing.length && (existing.openTime[j] as number) < t) j++;
    if (j < existing.length && existing.openTime[j] === t && identical(src, old, i, j)) {
      same++;
      continue;
    }
    for (let k = 0; k < 6; k++) (out[k] as Float64Array)[n] = (src[k] as Float64Array)[i] as number;
    n++;
  }
  const changed = CandleSeries.fromColumns(
    series.timeframe,
    out.map((c) => c.subarray(0, n)),
  );
  const counts = store.upsertCandles(key, changed, meta);
  return { ...counts, unchanged: counts.unchanged + same };
}

function identical(a: readonly Float64Array[], b: readonly Float64Array[], i: number, j: number): boolean {
  for (let k = 1; k < 6; k++)
    if (!Object.is((a[k] as Float64Array)[i], (b[k] as Float64Array)[j])) return false;
  return true;
}
