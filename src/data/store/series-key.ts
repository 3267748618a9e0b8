import { type Timeframe, isTimeframe } from '../../core/index.js';

export const SERIES_KINDS = ['candles', 'mark', 'funding', 'oi'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

/** Names one stored series. Funding has no timeframe; open interest keeps its sampling period. */
export interface SeriesKey {
  readonly exchange: string;
  readonly symbol: string;
  readonly kind: SeriesKind;
  readonly timeframe?: Timeframe | undefined;
}

export interface SeriesInfo extends SeriesKey {
  readonly id: number;
  readonly synthetic: boolean;
  readonly source: string | null;
}

export function isSeriesKind(value: string): value is SeriesKind {
  return (SERIES_KINDS as readonly string[]).includes(value);
}

export function seriesLabel(key: SeriesKey): string {
  return `${key.exchange} ${key.symbol} ${key.kind}${key.timeframe ? ` ${key.timeframe}` : ''}`;
}

export function parseStoredTimeframe(value: string): Timeframe | undefined {
  return isTimeframe(value) ? value : undefined;
}
