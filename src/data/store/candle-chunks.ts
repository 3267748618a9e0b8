import { type Timeframe, timeframeMs } from '../../core/index.js';
import { CandleSeries } from '../series/index.js';

/** Bars per stored chunk: one UTC day of 1m bars, 60 days of 1h bars. */
export const CHUNK_BARS = 1440;
const COLUMNS = 6;
const BYTES = 8;

export function chunkSpanMs(tf: Timeframe): number {
  return timeframeMs(tf) * CHUNK_BARS;
}

export function chunkStartOf(t: number, spanMs: number): number {
  return Math.floor(t / spanMs) * spanMs;
}

function columnsOf(s: CandleSeries): Float64Array[] {
  return [s.openTime, s.open, s.high, s.low, s.close, s.volume];
}

/** Packs a series into one blob: six float64 columns back to back (time, O, H, L, C, V). */
export function encodeChunk(s: CandleSeries): Buffer {
  const n = s.length;
  const buf = Buffer.allocUnsafe(n * COLUMNS * BYTES);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  columnsOf(s).forEach((col, k) => {
    bytes.set(new Uint8Array(col.buffer, col.byteOffset, n * BYTES), k * n * BYTES);
  });
  return buf;
}

export function chunkRows(blob: Uint8Array): number {
  if (blob.byteLength % (COLUMNS * BYTES) !== 0) {
    throw new Error(`corrupt candle chunk: ${blob.byteLength} bytes is not a whole number of rows`);
  }
  return blob.byteLength / (COLUMNS * BYTES);
}

/** Copies the rows of a chunk blob into `target` columns starting at row `at`. */
export function decodeChunkInto(blob: Uint8Array, target: readonly Float64Array[], at: number): number {
  const n = chunkRows(blob);
  target.forEach((col, k) => {
    new Uint8Array(col.buffer, col.byteOffset + at * BYTES, n * BYTES).set(
      blob.subarray(k * n * BYTES, (k + 1) * n * BYTES),
    );
  });
  return n;
}

export function decodeChunk(tf: Timeframe, blob: Uint8Array): CandleSeries {
  const n = chunkRows(blob);
  const cols = Array.from({ length: COLUMNS }, () => new Float64Array(n));
  decodeChunkInto(blob, cols, 0);
  return CandleSeries.fromColumns(tf, cols);
}

export interface MergeCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Merges `incoming` over `existing` (both sorted); a bar at an existing time replaces it. */
export function mergeSeries(
  existing: CandleSeries,
  incoming: CandleSeries,
  counts: MergeCounts,
): CandleSeries {
  if (existing.length === 0) {
    counts.inserted += incoming.length;
    return incoming;
  }
  const total = existing.length + incoming.length;
  const out = Array.from({ length: COLUMNS }, () => new Float64Array(total));
  const a = columnsOf(existing);
  const b = columnsOf(incoming);
  let i = 0;
  let j = 0;
  let n = 0;
  const copyRow = (src: Float64Array[], r: number): void => {
    for (let k = 0; k < COLUMNS; k++) (out[k] as Float64Array)[n] = (src[k] as Float64Array)[r] as number;
    n++;
  };
  while (i < existing.length || j < incoming.length) {
    const ta = i < existing.length ? (existing.openTime[i] as number) : Infinity;
    const tb = j < incoming.length ? (incoming.openTime[j] as number) : Infinity;
    if (ta < tb) copyRow(a, i++);
    else if (tb < ta) {
      counts.inserted++;
      copyRow(b, j++);
    } else {
      const same = a.every((col, k) => Object.is(col[i], (b[k] as Float64Array)[j]));
      if (same) counts.unchanged++;
      else counts.updated++;
      copyRow(b, j++);
      i++;
    }
  }
  return CandleSeries.fromColumns(
    existing.timeframe,
    out.map((c) => c.subarray(0, n)),
  );
}
