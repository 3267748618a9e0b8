export {
  MarketStore,
  type TimeRange,
  type UpsertCounts,
  type SeriesSpan,
  type SeriesMeta,
} from './market-store.js';
export {
  SERIES_KINDS,
  type SeriesKind,
  type SeriesKey,
  type SeriesInfo,
  isSeriesKind,
  seriesLabel,
} from './series-key.js';
export { MIGRATIONS, migrate, type Migration } from './migrations.js';
export { CHUNK_BARS, chunkSpanMs } from './candle-chunks.js';
export { AltDataStore, type AltDatum, type AltDataSpan } from './alt-data-store.js';
