import { HOUR_MS, type EpochMs, type Timeframe } from '../../core/index.js';
import { parseConfig, type SignalsConfig } from '../../config/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../../strategy/index.js';

/** Test events and a small config for PlaybookSignals (tests only). */
export const T0 = 1_700_000_000_000;

export const at = (hours: number): EpochMs => (T0 + hours * HOUR_MS) as EpochMs;

/** Horizons of 1 and 2 bars, sigma over 3 returns, a 4-bar band: warm after 4 one-hour bars. */
export function smallSignalsConfig(overrides: Record<string, unknown> = {}): SignalsConfig {
  return parseConfig({
    signals: {
      momentum: { horizonsHours: [1, 2], volatilityWindowHours: 3 },
      meanReversion: { windowHours: 4, bandStdDevs: 2 },
      ...overrides,
    },
  }).signals;
}

/** The `index`-th one-hour bar from T0, closing at `close`. */
export function hourBar(index: number, close: number, timeframe: Timeframe = '1h'): BarEvent {
  const openTime = at(index);
  return {
    symbol: 'NMR/USDT:USDT',
    timeframe,
    candle: { openTime, open: close, high: close, low: close, close, volume: 1 },
    closeTime: at(index + 1),
  };
}

export function funding(hours: number, rate8h: number): FundingRateEvent {
  return {
    symbol: 'NMR/USDT:USDT',
    time: at(hours),
    rate: rate8h,
    intervalHours: 8,
    rate8h,
    markPrice: 10,
    source: 'real',
  };
}

export function datum(source: string, key: string, value: number, availableHours: number): DataEvent {
  return { source, key, value, eventTime: at(availableHours - 1), availableAt: at(availableHours) };
}
