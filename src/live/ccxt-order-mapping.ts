import type { Order, Trade } from 'ccxt';
import { type EpochMs, OrderType } from '../core/index.js';
import type { ExchangeOrderReport, ExchangeOrderRequest, ExchangeTrade } from './order-gateway.types.js';

/** How a venue takes protective stops: a separate reduce-only conditional order, or attached to the entry. */
export type StopPlacement = 'separate' | 'attached';

/**
 * ccxt `createOrder` arguments for a request. Stops go as ccxt's unified `stopLossPrice` when they
 * only reduce (Binance: a reduce-only STOP_MARKET on `/fapi/v1/algoOrder`; bybit: a conditional
 * reduce-only order), as `triggerPrice` otherwise. Market orders ask Binance for the RESULT response
 * so the fill quantity comes back at once.
 */
export function createOrderArgs(
  exchangeId: string,
  request: ExchangeOrderRequest,
): { type: 'market' | 'limit'; price: number | undefined; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { clientOrderId: request.venueClientId };
  if (request.reduceOnly) params['reduceOnly'] = true;
  const binance = exchangeId.startsWith('binance');
  switch (request.type) {
    case OrderType.Market:
      if (binance) params['newOrderRespType'] = 'RESULT';
      return { type: 'market', price: undefined, params };
    case OrderType.Limit:
      if (request.price === undefined)
        throw new TypeError(`limit order ${request.venueClientId} has no price`);
      params['timeInForce'] = 'GTC';
      return { type: 'limit', price: request.price, params };
    case OrderType.StopMarket:
      if (request.triggerPrice === undefined)
        throw new TypeError(`stop order ${request.venueClientId} has no trigger price`);
      if (request.reduceOnly) params['stopLossPrice'] = request.triggerPrice;
      else params['triggerPrice'] = request.triggerPrice;
      return { type: 'market', price: undefined, params };
    default: {
      const unhandled: never = request.type;
      throw new TypeError(`unknown order type ${String(unhandled)}`);
    }
  }
}

/**
 * ccxt `fetchOrder` / `cancelOrder` params that find an order by the client id. Binance takes
 * ccxt's unified `clientOrderId` (and `trigger` for its algo endpoint). ccxt's bybit passes params
 * through as they are, so it gets Bybit's `orderLinkId`; its fetchOrder also wants `acknowledged`
 * (it only sees the last 500 orders) and `trigger` for conditional orders (`orderFilter=StopOrder`),
 * while a linear cancel needs no filter.
 */
export function orderLookupParams(
  exchangeId: string,
  venueClientId: string,
  kind: 'order' | 'stop',
  purpose: 'fetch' | 'cancel',
): Record<string, unknown> {
  const trigger = kind === 'stop' ? { trigger: true } : {};
  if (exchangeId !== 'bybit') return { clientOrderId: venueClientId, ...trigger };
  if (purpose === 'cancel') return { orderLinkId: venueClientId };
  return { orderLinkId: venueClientId, acknowledged: true, ...trigger };
}

/** ccxt's unified order as the order manager's report; `fallbackTime` when the venue sent no time. */
export function reportOfOrder(order: Order, fallbackTime: EpochMs): ExchangeOrderReport {
  const filled = order.filled ?? 0;
  const info = (order.info ?? {}) as Record<string, unknown>;
  const actual = info['actualOrderId'];
  const time = (order.lastUpdateTimestamp ?? order.timestamp ?? fallbackTime) as EpochMs;
  return {
    venueClientId: order.clientOrderId ?? '',
    venueOrderId: String(order.id),
    status: statusOf(order.status, filled, order.amount),
    filledQuantity: filled,
    averagePrice: order.average ?? undefined,
    time,
    ...((typeof actual === 'string' || typeof actual === 'number') &&
    String(actual) !== '' &&
    String(actual) !== '0'
      ? { triggeredOrderId: String(actual) }
      : {}),
  };
}

function statusOf(
  status: string | undefined,
  filled: number,
  amount: number | undefined,
): ExchangeOrderReport['status'] {
  switch (status) {
    case 'closed':
      return 'filled';
    case 'canceled':
      return 'cancelled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
    default:
      if (filled > 0) return amount !== undefined && filled >= amount ? 'filled' : 'partially_filled';
      return 'acknowledged';
  }
}

/** ccxt's unified trade; a fee paid in another asset (BNB) is kept apart as `otherFee`, not converted. */
export function tradeOf(trade: Trade, quote: string): ExchangeTrade {
  const info = (trade.info ?? {}) as Record<string, unknown>;
  const inQuote = trade.fee?.currency === undefined || trade.fee.currency === quote;
  const fee = inQuote ? (trade.fee?.cost ?? 0) : 0;
  const clientId = info['c'] ?? info['clientOrderId'];
  return {
    tradeId: String(trade.id),
    venueOrderId: String(trade.order ?? ''),
    venueClientId: typeof clientId === 'string' && clientId !== '' ? clientId : undefined,
    symbol: trade.symbol ?? '',
    side: trade.side === 'sell' ? 'sell' : 'buy',
    quantity: trade.amount ?? 0,
    price: trade.price ?? 0,
    fee,
    time: (trade.timestamp ?? 0) as EpochMs,
    maker: trade.takerOrMaker === 'maker',
    ...(inQuote || !trade.fee
      ? {}
      : { otherFee: { cost: trade.fee.cost ?? 0, currency: String(trade.fee.currency) } }),
  };
}
