import type { ClientOrderId, EpochMs, OrderState, OrderType, Side } from '../core/index.js';
import type { LiveOrderStatus } from './order-lifecycle.js';

/** Plain orders and conditional (stop) orders live in separate id spaces on Binance (`/fapi/v1/algoOrder`). */
export type OrderKind = 'order' | 'stop';

/** A create as the exchange gets it: the deterministic client id, never the kernel's. */
export interface ExchangeOrderRequest {
  readonly venueClientId: ClientOrderId;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly price?: number | undefined;
  readonly triggerPrice?: number | undefined;
  readonly reduceOnly: boolean;
}

/** What the exchange says about one order (REST answer or websocket update). */
export interface ExchangeOrderReport {
  readonly venueClientId: string;
  readonly venueOrderId: string;
  readonly status: Exclude<LiveOrderStatus, 'new' | 'submitted'>;
  /** Cumulative filled quantity the exchange reports (fills themselves come as trades). */
  readonly filledQuantity: number;
  readonly averagePrice?: number | undefined;
  readonly time: EpochMs;
  /** For a triggered stop: the id of the plain order it became, whose trades fill the stop. */
  readonly triggeredOrderId?: string | undefined;
  readonly rejectReason?: string | undefined;
}

/** One execution. `tradeId` is unique per symbol at the exchange. */
export interface ExchangeTrade {
  readonly tradeId: string;
  readonly venueOrderId: string;
  readonly venueClientId?: string | undefined;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  /** Fee in the quote currency (positive = paid). */
  readonly fee: number;
  readonly time: EpochMs;
  readonly maker: boolean;
  /** A fee paid in another asset (Binance's BNB discount): not in `fee`, reported for the journal. */
  readonly otherFee?: { readonly cost: number; readonly currency: string } | undefined;
}

/**
 * What the order manager needs of an exchange: CcxtVenue implements it over the real ccxt client.
 * Every method may throw the ccxt error it got; the order manager classifies it (venue-error.ts).
 */
export interface OrderGateway {
  createOrder(request: ExchangeOrderRequest): Promise<ExchangeOrderReport>;
  /** The order by client id; undefined when the exchange does not know it. */
  fetchOrder(
    symbol: string,
    venueClientId: string,
    kind: OrderKind,
  ): Promise<ExchangeOrderReport | undefined>;
  cancelOrder(symbol: string, venueClientId: string, kind: OrderKind): Promise<ExchangeOrderReport>;
  /** Trades of one (plain) order. */
  fetchOrderTrades(symbol: string, venueOrderId: string): Promise<readonly ExchangeTrade[]>;
  /** Re-measures the offset between our clock and the exchange's (after -1021). */
  resyncTime(): Promise<void>;
}

/** The kernel's `OrderState` plus what only the live path knows. */
export interface LiveOrderState extends OrderState {
  readonly lifecycle: LiveOrderStatus;
  /** The id the exchange knows (deterministic, see client-order-id.ts). */
  readonly venueClientId: ClientOrderId;
  readonly venueOrderId?: string | undefined;
  /** Price the decision was made at (slippage is measured against it). */
  readonly referencePrice: number;
}
