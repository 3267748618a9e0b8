import type { EpochMs, OrderRequest, OrderState } from '../core/index.js';

/** What the kernel needs of a venue to place orders (SimVenue in backtests, a ccxt venue live). */
export interface OrderPort {
  submit(request: OrderRequest, now: EpochMs, referencePrice: number): OrderState;
  /** Cancels a working order; returns its state (unchanged when it had already finished). */
  cancel(clientOrderId: OrderRequest['clientOrderId'], now: EpochMs): OrderState | undefined;
}
