import { roundToIncrement } from '../execution/index.js';
import type { Candle } from '../data/index.js';

/** A trade printed on the market streams. */
export interface PrintedTrade {
  readonly price: number;
  readonly qty: number;
  readonly buyerMaker: boolean;
  readonly time: number;
}

/**
 * Trades DERIVED from a closed bar (the stored candles hold no tick data): one print at each point of
 * the bar's path open → first extreme → second extreme → close, a quarter of the bar's volume each,
 * stamped inside the bar. The low comes first on an up bar, the high first on a down bar.
 */
export function syntheticTrades(bar: Candle, closeTime: number, step: number): PrintedTrade[] {
  if (!(bar.volume > 0)) return [];
  const span = closeTime - bar.openTime;
  const up = bar.close >= bar.open;
  const path = up ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close];
  const qty = Math.max(step, roundToIncrement(bar.volume / 4, step, 'down'));
  return path.map((price, i) => ({
    price,
    qty,
    buyerMaker: i > 0 && price < (path[i - 1] ?? price),
    time: i === 3 ? closeTime - 1 : bar.openTime + Math.floor((span * i) / 3),
  }));
}
