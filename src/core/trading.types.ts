import type { EpochMs } from './time.js';

/** Order side. A `buy` adds to a long or reduces a short. */
export const Side = { Buy: 'buy', Sell: 'sell' } as const;
export type Side = (typeof Side)[keyof typeof Side];

export const OrderType = {
  /** Fills at once against the market, taker fee, slippage applies. */
  Market: 'market',
  /** Rests at `price`; fills when the market trades through it, maker fee. */
  Limit: 'limit',
  /** Becomes a market order when the trigger price is touched. */
  StopMarket: 'stop_market',
} as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

export type ClientOrderId = string & { readonly __brand: 'ClientOrderId' };

/** What a strategy or the risk engine asks a venue to do. Quantities are in base units (NMR). */
export interface OrderRequest {
  readonly clientOrderId: ClientOrderId;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  /** Limit price (limit orders). */
  readonly price?: number | undefined;
  /** Trigger price (stop orders), compared with the last price. */
  readonly triggerPrice?: number | undefined;
  /** Never increases the position; shrinks to the position size if larger. */
  readonly reduceOnly?: boolean | undefined;
  /** Why the order exists: `entry`, `stop_loss`, `time_exit`, ... (journal and reports). */
  readonly tag?: string | undefined;
}

export const OrderStatus = {
  Open: 'open',
  PartiallyFilled: 'partially_filled',
  Filled: 'filled',
  Canceled: 'canceled',
  Rejected: 'rejected',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export interface OrderState extends OrderRequest {
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly averagePrice: number | undefined;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
  /** Set when rejected: a SCREAMING_SNAKE code and the numbers, e.g. `MIN_NOTIONAL: notional=3.2, min=5`. */
  readonly rejectReason?: string | undefined;
}

/** One execution. Fills are applied once each, keyed by `tradeId`. */
export interface Fill {
  readonly tradeId: string;
  readonly clientOrderId: ClientOrderId;
  readonly symbol: string;
  readonly time: EpochMs;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  /** Fee paid in USDT (positive = paid). */
  readonly fee: number;
  readonly liquidity: 'maker' | 'taker';
  /** Cost of slippage in USDT versus the reference price (positive = worse for us). */
  readonly slippageCost: number;
  readonly reduceOnly: boolean;
  readonly tag?: string | undefined;
}

/** One maintenance-margin tier (Binance `leverageBracket`), chosen by position notional. */
export interface MarginTier {
  readonly notionalFloor: number;
  readonly notionalCap: number;
  readonly maxLeverage: number;
  /** Maintenance-margin rate, e.g. 0.02. */
  readonly mmr: number;
  /** Maintenance amount, USDT. */
  readonly cum: number;
}

/** Trading rules of one perpetual contract at a venue. */
export interface InstrumentSpec {
  readonly symbol: string;
  readonly tickSize: number;
  readonly stepSize: number;
  readonly minQuantity: number;
  readonly minNotional: number;
  readonly makerFee: number;
  readonly takerFee: number;
  readonly marginTiers: readonly MarginTier[];
  /** Fee charged on the notional at liquidation, e.g. 0.015. */
  readonly liquidationFeeRate: number;
}
