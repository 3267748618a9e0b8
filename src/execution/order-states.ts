import { type EpochMs, type Fill, type OrderRequest, type OrderState, OrderStatus } from '../core/index.js';
import { roundToIncrement } from './decimal.js';

/** Pure transitions of an order's state; the venue keeps the only copy. */

export function isWorking(state: OrderState): boolean {
  return state.status === OrderStatus.Open || state.status === OrderStatus.PartiallyFilled;
}

export function acceptedState(request: OrderRequest, now: EpochMs): OrderState {
  return {
    ...request,
    status: OrderStatus.Open,
    filledQuantity: 0,
    averagePrice: undefined,
    createdAt: now,
    updatedAt: now,
  };
}

export function rejectedState(request: OrderRequest, now: EpochMs, reason: string): OrderState {
  return { ...acceptedState(request, now), status: OrderStatus.Rejected, rejectReason: reason };
}

export function canceledState(state: OrderState, now: EpochMs): OrderState {
  return { ...state, status: OrderStatus.Canceled, updatedAt: now };
}

/** Quantity still to fill, on the step grid. */
export function remainingQuantity(state: OrderState, step: number): number {
  return roundToIncrement(state.quantity - state.filledQuantity, step, 'nearest');
}

/** Adds one fill: quantity-weighted average price, `filled` once nothing remains. */
export function filledState(
  state: OrderState,
  quantity: number,
  price: number,
  step: number,
  now: EpochMs,
): OrderState {
  const filledQuantity = roundToIncrement(state.filledQuantity + quantity, step, 'nearest');
  const averagePrice = ((state.averagePrice ?? 0) * state.filledQuantity + price * quantity) / filledQuantity;
  const status = filledQuantity >= state.quantity ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
  return { ...state, status, filledQuantity, averagePrice, updatedAt: now };
}

/** The execution record of one fill; fee = price * quantity * rate, slippage versus `basePrice`. */
export function fillOf(
  state: OrderState,
  fill: {
    readonly tradeId: string;
    readonly time: EpochMs;
    readonly quantity: number;
    readonly price: number;
    readonly basePrice: number;
    readonly liquidity: 'maker' | 'taker';
    readonly feeRate: number;
  },
): Fill {
  const { tradeId, time, quantity, price, basePrice, liquidity, feeRate } = fill;
  return {
    tradeId,
    clientOrderId: state.clientOrderId,
    symbol: state.symbol,
    time,
    side: state.side,
    quantity,
    price,
    fee: price * quantity * feeRate,
    liquidity,
    slippageCost: Math.abs(price - basePrice) * quantity,
    reduceOnly: state.reduceOnly === true,
    ...(state.tag === undefined ? {} : { tag: state.tag }),
  };
}
