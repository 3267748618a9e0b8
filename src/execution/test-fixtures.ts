import {
  type ClientOrderId,
  type EpochMs,
  epochMs,
  type Fill,
  HOUR_MS,
  type InstrumentSpec,
  type OrderRequest,
  type Side,
} from '../core/index.js';
import type { Candle } from '../data/index.js';
import { SimVenue } from './sim-venue.js';
import type { BarCloseContext, SimVenueOptions, VenueEvent } from './sim-venue.types.js';
import { DEFAULT_SLIPPAGE, type SlippageConfig } from './slippage.js';

/** Test data for the execution tests (not exported from the layer). All bars are synthetic. */

export const SYMBOL = 'NMR/USDT:USDT';

/** Illustrative NMR filters (NOTES-perps §3): tick 0.01, step 0.1, min notional 5; Binance fees. */
export const INSTRUMENT: InstrumentSpec = {
  symbol: SYMBOL,
  tickSize: 0.01,
  stepSize: 0.1,
  minQuantity: 0.1,
  minNotional: 5,
  makerFee: 0.0002,
  takerFee: 0.0005,
  marginTiers: [{ notionalFloor: 0, notionalCap: 5_000, maxLeverage: 20, mmr: 0.02, cum: 0 }],
  liquidationFeeRate: 0.015,
};

/** Monday 2025-01-06 12:00 UTC: outside the 02:00-06:00 thin hours. Bars are one hour long. */
export const T0 = epochMs(Date.UTC(2025, 0, 6, 12));
export const BAR_MS = HOUR_MS;

export const NO_SLIPPAGE: SlippageConfig = { ...DEFAULT_SLIPPAGE, model: 'none' };

export function at(i: number): EpochMs {
  return epochMs(T0 + i * BAR_MS);
}

/** Synthetic bar number `i` (open time T0 + i hours). */
export function bar(
  i: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume = 1_000,
): Candle {
  return { openTime: at(i), open, high, low, close, volume };
}

export function cid(text: string): ClientOrderId {
  return text as ClientOrderId;
}

export function market(
  id: string,
  side: Side,
  quantity: number,
  extra: Partial<OrderRequest> = {},
): OrderRequest {
  return { clientOrderId: cid(id), symbol: SYMBOL, side, type: 'market', quantity, ...extra };
}

export function limit(
  id: string,
  side: Side,
  quantity: number,
  price: number,
  reduceOnly = false,
): OrderRequest {
  return { clientOrderId: cid(id), symbol: SYMBOL, side, type: 'limit', quantity, price, reduceOnly };
}

export function stop(
  id: string,
  side: Side,
  quantity: number,
  triggerPrice: number,
  reduceOnly = true,
): OrderRequest {
  return {
    clientOrderId: cid(id),
    symbol: SYMBOL,
    side,
    type: 'stop_market',
    quantity,
    triggerPrice,
    reduceOnly,
  };
}

export function makeVenue(options: Partial<SimVenueOptions> = {}): SimVenue {
  return new SimVenue({ instrument: INSTRUMENT, slippage: NO_SLIPPAGE, maxBarVolumeFraction: 1, ...options });
}

/** Drives one bar the way the kernel does: open, then close. Returns every event of the bar. */
export function runBar(venue: SimVenue, candle: Candle, ctx: BarCloseContext = {}): VenueEvent[] {
  return [
    ...venue.onBarOpen(candle, candle.openTime),
    ...venue.onBarClose(candle, epochMs(candle.openTime + BAR_MS), ctx),
  ];
}

export function fillsOf(events: readonly VenueEvent[]): Fill[] {
  return events.flatMap((e) => (e.type === 'fill' ? [e.fill] : []));
}

/**
 * A venue holding a long of `quantity` bought with a market order at `price` on bar 1
 * (bar 0 closes at `price`, bar 1 opens there). Returns the venue; the next free bar is 2.
 */
export function venueWithPosition(
  quantity: number,
  price = 10,
  options: Partial<SimVenueOptions> = {},
): SimVenue {
  const venue = makeVenue(options);
  runBar(venue, bar(0, price, price, price, price));
  const side = quantity > 0 ? 'buy' : 'sell';
  venue.submit(market('entry', side, Math.abs(quantity)), at(1), price);
  venue.onBarOpen(bar(1, price, price, price, price), at(1));
  venue.onBarClose(bar(1, price, price, price, price), at(2));
  return venue;
}
