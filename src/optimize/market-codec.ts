import { createHash } from 'node:crypto';
import type { Timeframe } from '../core/index.js';
import { CandleSeries, type FundingEvent } from '../data/index.js';
import type { DataEvent } from '../strategy/index.js';
import type { MarketData } from './market-data.js';

/**
 * A `MarketData` as one block of float64 candle columns plus a small JSON header, so worker threads
 * can share it (a SharedArrayBuffer, no copy per job) and queue workers can fetch it once per run.
 */
export interface MarketHeader {
  readonly timeframe: Timeframe;
  readonly bars: number;
  readonly synthetic: boolean;
  readonly funding: readonly FundingEvent[];
  readonly spot: { readonly timeframe: Timeframe; readonly bars: number } | undefined;
  readonly data: readonly DataEvent[];
}

/** The market on shared memory: hand `SharedMarket` to a worker thread, rebuild with `marketFromShared`. */
export interface SharedMarket {
  readonly header: MarketHeader;
  readonly columns: SharedArrayBuffer;
}

const COLUMNS = 6;

function seriesColumns(s: CandleSeries): Float64Array[] {
  return [s.openTime, s.open, s.high, s.low, s.close, s.volume];
}

function headerOf(market: MarketData): MarketHeader {
  return {
    timeframe: market.bars.timeframe,
    bars: market.bars.length,
    synthetic: market.synthetic,
    funding: market.funding,
    spot: market.spot ? { timeframe: market.spot.timeframe, bars: market.spot.length } : undefined,
    data: market.data,
  };
}

function fill(market: MarketData, target: Float64Array): void {
  let at = 0;
  for (const col of [...seriesColumns(market.bars), ...(market.spot ? seriesColumns(market.spot) : [])]) {
    target.set(col, at);
    at += col.length;
  }
}

function rebuild(header: MarketHeader, values: Float64Array): MarketData {
  let at = 0;
  const take = (timeframe: Timeframe, n: number): CandleSeries => {
    const cols: Float64Array[] = [];
    for (let c = 0; c < COLUMNS; c++) {
      cols.push(values.subarray(at, at + n));
      at += n;
    }
    return CandleSeries.fromColumns(timeframe, cols);
  };
  const bars = take(header.timeframe, header.bars);
  const spot = header.spot ? take(header.spot.timeframe, header.spot.bars) : undefined;
  return { bars, synthetic: header.synthetic, funding: header.funding, spot, data: header.data };
}

function valueCount(header: MarketHeader): number {
  return COLUMNS * (header.bars + (header.spot?.bars ?? 0));
}

/** Copies the candle columns into one SharedArrayBuffer (once per optimisation). */
export function shareMarket(market: MarketData): SharedMarket {
  const header = headerOf(market);
  const columns = new SharedArrayBuffer(valueCount(header) * 8);
  fill(market, new Float64Array(columns));
  return { header, columns };
}

/** The market over the shared columns, without copying them. */
export function marketFromShared(shared: SharedMarket): MarketData {
  return rebuild(shared.header, new Float64Array(shared.columns));
}

/** Bytes: u32 header length, the JSON header, zero padding to 8, then the float64 columns (little-endian). */
export function marketToBytes(market: MarketData): Buffer {
  const header = Buffer.from(JSON.stringify(headerOf(market)), 'utf8');
  const start = Math.ceil((4 + header.length) / 8) * 8;
  const out = Buffer.alloc(start + valueCount(headerOf(market)) * 8);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  const values = new Float64Array(out.buffer, out.byteOffset + start, (out.length - start) / 8);
  fill(market, values);
  return out;
}

/** The inverse of `marketToBytes`. */
export function marketFromBytes(bytes: Buffer): MarketData {
  const length = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as MarketHeader;
  const start = Math.ceil((4 + length) / 8) * 8;
  // Copy into an aligned buffer: a Buffer's byteOffset need not be a multiple of 8.
  const values = new Float64Array(valueCount(header));
  new Uint8Array(values.buffer).set(bytes.subarray(start, start + values.length * 8));
  return rebuild(header, values);
}

/** SHA-256 of the market's bytes: two processes hold the same market when the hashes agree. */
export function marketHash(market: MarketData): string {
  return createHash('sha256').update(marketToBytes(market)).digest('hex');
}
