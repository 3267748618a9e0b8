import type { EpochMs, OrderRequest, OrderState } from '../core/index.js';

/** What the kernel needs of a venue to place orders (SimVenue in backtests, a ccxt venue live). */
export interface OrderPort {
  submit(request: OrderRequest, now: EpochMs, referencePrice: number): OrderState;
  cancel(clientOrderId: OrderRequest['clientOrderId'], now: EpochMs): unknown;
}
