import type { InstrumentSpec, MarginTier } from '../core/index.js';
import { type OrderRecord, isOpenStatus } from './account-records.js';
import { binanceErrors } from './binance-error.js';
import { maxNotionalAt } from './instrument.js';

/** True when `x` is a whole number of `increment`s (within float noise). */
function onGrid(x: number, increment: number): boolean {
  const n = x / increment;
  return Math.abs(n - Math.round(n)) < 1e-9 * Math.max(1, Math.abs(n));
}

/**
 * Binance refuses what ccxt would never send: a quantity off the step (-1111) or a price off the tick
 * (-4014). SimVenue would silently round them; the double answers like the exchange instead.
 */
export function checkOrderSteps(
  instrument: InstrumentSpec,
  quantity: number,
  price: number | undefined,
): void {
  if (!(quantity > 0)) throw binanceErrors.illegalParameter('quantity');
  if (!onGrid(quantity, instrument.stepSize)) throw binanceErrors.precision();
  if (price !== undefined && (!(price > 0) || !onGrid(price, instrument.tickSize)))
    throw binanceErrors.tickSize();
}

/** Initial margin held by open orders that may open or grow the position (reduce-only orders hold none). */
export function openOrderMargin(orders: readonly OrderRecord[], lastPrice: number): number {
  let total = 0;
  for (const o of orders) {
    if (!isOpenStatus(o.status) || o.reduceOnly) continue;
    const price = o.type === 'LIMIT' ? o.price : lastPrice;
    total += ((o.origQty - o.executedQty) * price) / o.leverage;
  }
  return total;
}

/**
 * Binance's pre-trade checks on the part of an order that opens or grows the position:
 * -2019 when its initial margin (notional / leverage) exceeds the available balance, -2027 when the
 * resulting position notional exceeds the cap of the tiers allowed at this leverage.
 */
export function checkMargin(input: {
  readonly position: number;
  readonly signed: number;
  readonly price: number;
  readonly leverage: number;
  readonly available: number;
  readonly tiers: readonly MarginTier[];
}): void {
  const { position, signed, price, leverage, available, tiers } = input;
  const reduces = Math.sign(position) === -Math.sign(signed);
  const opening = Math.abs(signed) - (reduces ? Math.min(Math.abs(position), Math.abs(signed)) : 0);
  if (opening <= 0) return;
  if ((opening * price) / leverage > available + 1e-9) throw binanceErrors.marginInsufficient();
  if (Math.abs(position + signed) * price > maxNotionalAt(tiers, leverage)) throw binanceErrors.maxPosition();
}
