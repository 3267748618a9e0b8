import type { EpochMs } from '../../core/index.js';

/** One OHLCV bar, keyed by its open time. Volume is in the base asset (NMR). */
export interface Candle {
  readonly openTime: EpochMs;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** The numeric columns of a candle series, in storage order. */
export const CANDLE_COLUMNS = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;
export type CandleColumn = (typeof CANDLE_COLUMNS)[number];
