import type { EpochMs, Timeframe } from '../core/index.js';
import type { Candle } from '../data/index.js';

/** A closed bar, delivered at its close time (never earlier). */
export interface BarEvent {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly candle: Candle;
  readonly closeTime: EpochMs;
}

/** A funding settlement at `time`; `rate8h` is the rate normalised to 8 h. */
export interface FundingRateEvent {
  readonly symbol: string;
  readonly time: EpochMs;
  readonly rate: number;
  readonly intervalHours: number;
  readonly rate8h: number;
  readonly markPrice: number;
  /** Where the rate came from: the venue's history, or an estimate where history is missing. */
  readonly source: 'real' | 'premium-estimate' | 'constant';
}

/** One alternative datum (Numerai, on-chain, sentiment, calendar), delivered at `availableAt`. */
export interface DataEvent {
  readonly source: string;
  readonly key: string;
  readonly eventTime: EpochMs;
  readonly availableAt: EpochMs;
  readonly value?: number | undefined;
  readonly payload?: unknown;
}
