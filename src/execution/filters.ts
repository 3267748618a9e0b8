import { type InstrumentSpec, type OrderRequest, OrderType, Side } from '../core/index.js';
import { roundToIncrement } from './decimal.js';

/**
 * Exchange filters applied at the order boundary, the way Binance USD-M and ccxt do it
 * (NOTES-perps §3, NOTES-integrations §4): quantities are truncated to the step, prices are put on
 * the tick, then minimum quantity and minimum notional are re-checked on the rounded numbers.
 */

/** Why the venue refused an order: a SCREAMING_SNAKE code and `CODE: field=value, ...`. */
export interface FilterRejection {
  readonly code: string;
  readonly message: string;
}

export type FilterResult =
  | { readonly ok: true; readonly request: OrderRequest }
  | { readonly ok: false; readonly rejection: FilterRejection };

export type PriceRounding = 'nearest' | 'down' | 'up';

/** Truncates a quantity to a whole number of steps (1.234 step 0.1 → 1.2; 0.3 step 0.1 → 0.3). */
export function roundQuantityDown(qty: number, step: number): number {
  return roundToIncrement(qty, step, 'down');
}

/** Puts a price on the tick grid: `nearest` (ccxt `priceToPrecision`), `down` or `up`. */
export function roundPrice(price: number, tick: number, mode: PriceRounding): number {
  return roundToIncrement(price, tick, mode);
}

/** Formats a number for a rejection message without float noise (3.2000000000000006 → 3.2). */
export function formatNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(12))) : String(x);
}

function rejection(code: string, fields: Record<string, string | number>): FilterRejection {
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : v}`);
  return { code, message: `${code}: ${parts.join(', ')}` };
}

function reject(code: string, fields: Record<string, string | number>): FilterResult {
  return { ok: false, rejection: rejection(code, fields) };
}

function positive(x: number | undefined): x is number {
  return x !== undefined && Number.isFinite(x) && x > 0;
}

/**
 * Checks and adjusts an order against the instrument's filters.
 *
 * In order:
 * 1. symbol must match; quantity must be positive; limit orders need a price, stop orders a trigger.
 * 2. Reduce-only: rejected when the position is flat (`REDUCE_ONLY_NO_POSITION`) or on the order's own
 *    side (`REDUCE_ONLY_WOULD_INCREASE`); otherwise shrunk to the position size.
 * 3. Quantity truncated to the step, then `MIN_QUANTITY` on the rounded quantity.
 * 4. Prices: buy prices round down, sell prices round up. For limits that keeps the order passive at
 *    no better price than asked; for stop triggers it means "trigger no later than requested" for
 *    protective stops (a sell stop below the market moves up toward it, a buy stop down).
 * 5. `MIN_NOTIONAL` (skipped for reduce-only, as Binance does: error -4164), valued at the limit price
 *    for limits, the trigger for stops and `referencePrice` (last close) for market orders.
 *
 * @param positionQty signed net position in base units (long > 0, short < 0).
 */
export function applyFilters(
  request: OrderRequest,
  instrument: InstrumentSpec,
  referencePrice: number,
  positionQty: number,
): FilterResult {
  if (request.symbol !== instrument.symbol) {
    return reject('UNKNOWN_SYMBOL', { symbol: request.symbol, venueSymbol: instrument.symbol });
  }
  if (!positive(request.quantity)) return reject('INVALID_QUANTITY', { quantity: request.quantity });
  if (request.type === OrderType.Limit && !positive(request.price)) {
    return reject('INVALID_PRICE', { type: request.type, price: String(request.price) });
  }
  if (request.type === OrderType.StopMarket && !positive(request.triggerPrice)) {
    return reject('INVALID_TRIGGER', { type: request.type, triggerPrice: String(request.triggerPrice) });
  }

  let quantity = request.quantity;
  const reduceOnly = request.reduceOnly === true;
  if (reduceOnly) {
    if (positionQty === 0) return reject('REDUCE_ONLY_NO_POSITION', { side: request.side, position: 0 });
    const reduces = request.side === Side.Sell ? positionQty > 0 : positionQty < 0;
    if (!reduces) return reject('REDUCE_ONLY_WOULD_INCREASE', { side: request.side, position: positionQty });
    quantity = Math.min(quantity, Math.abs(positionQty));
  }

  const rounded = roundQuantityDown(quantity, instrument.stepSize);
  if (rounded <= 0 || rounded < instrument.minQuantity) {
    return reject('MIN_QUANTITY', { quantity, rounded, min: instrument.minQuantity });
  }

  const priceMode = request.side === Side.Buy ? 'down' : 'up';
  const price =
    request.price === undefined ? undefined : roundPrice(request.price, instrument.tickSize, priceMode);
  const triggerPrice =
    request.triggerPrice === undefined
      ? undefined
      : roundPrice(request.triggerPrice, instrument.tickSize, priceMode);

  if (!reduceOnly) {
    const valuation =
      request.type === OrderType.Limit
        ? price
        : request.type === OrderType.StopMarket
          ? triggerPrice
          : referencePrice;
    if (!positive(valuation)) return reject('INVALID_REFERENCE_PRICE', { referencePrice });
    const notional = rounded * valuation;
    if (notional < instrument.minNotional) {
      return reject('MIN_NOTIONAL', { notional, min: instrument.minNotional });
    }
  }

  const adjusted: OrderRequest = {
    ...request,
    quantity: rounded,
    ...(price === undefined ? {} : { price }),
    ...(triggerPrice === undefined ? {} : { triggerPrice }),
  };
  return { ok: true, request: adjusted };
}

/**
 * Binance refuses a stop that is already crossed (-2021 "Order would immediately trigger"): a sell
 * stop at or above the last price, a buy stop at or below it. The caller should exit at market instead.
 */
export function stopWouldTrigger(request: OrderRequest, lastPrice: number): FilterRejection | undefined {
  const t = request.triggerPrice;
  if (request.type !== OrderType.StopMarket || t === undefined) return undefined;
  const crossed = request.side === Side.Sell ? t >= lastPrice : t <= lastPrice;
  return crossed
    ? rejection('STOP_WOULD_TRIGGER', { side: request.side, trigger: t, last: lastPrice })
    : undefined;
}
