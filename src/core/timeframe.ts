import { DAY_MS, HOUR_MS, MINUTE_MS } from './time.js';

/** Candle timeframes nmrbot stores and resamples, finest first. */
export const TIMEFRAMES = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1m': MINUTE_MS,
  '3m': 3 * MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': HOUR_MS,
  '2h': 2 * HOUR_MS,
  '4h': 4 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '8h': 8 * HOUR_MS,
  '12h': 12 * HOUR_MS,
  '1d': DAY_MS,
};

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

export function parseTimeframe(value: string): Timeframe {
  if (!isTimeframe(value))
    throw new RangeError(`unknown timeframe "${value}" (one of ${TIMEFRAMES.join(', ')})`);
  return value;
}

export function timeframeMs(tf: Timeframe): number {
  return TIMEFRAME_MS[tf];
}

/** The timeframe whose length is exactly `ms`, if nmrbot knows one. */
export function timeframeFromMs(ms: number): Timeframe | undefined {
  return TIMEFRAMES.find((tf) => TIMEFRAME_MS[tf] === ms);
}

/** Timeframes whose bars resample exactly into `target` (itself included), finest first. */
export function sourceTimeframes(target: Timeframe): Timeframe[] {
  const t = TIMEFRAME_MS[target];
  return TIMEFRAMES.filter((tf) => TIMEFRAME_MS[tf] <= t && t % TIMEFRAME_MS[tf] === 0);
}
