import type { ClientOrderId } from '../core/index.js';

/** What the double keeps per order, trade and income row, in Binance's vocabulary. */

export type BinanceSide = 'BUY' | 'SELL';
export type BinanceOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';
/** Algo (conditional) order states: NEW until triggered, then TRIGGERED, FINISHED once its order is done. */
export type AlgoStatus = 'NEW' | 'CANCELED' | 'TRIGGERED' | 'FINISHED' | 'EXPIRED';
export type ExecutionType = 'NEW' | 'CANCELED' | 'EXPIRED' | 'TRADE' | 'CALCULATED';

/** A regular order (`/fapi/v1/order`), or the market order a triggered stop became. */
export interface OrderRecord {
  readonly orderId: number;
  readonly clientOrderId: string;
  /** The id SimVenue knows the order by (unique per submission; Binance client ids may repeat). */
  readonly internalId: ClientOrderId;
  readonly type: 'MARKET' | 'LIMIT' | 'LIQUIDATION';
  readonly origType: 'MARKET' | 'LIMIT' | 'STOP_MARKET' | 'LIQUIDATION';
  readonly side: BinanceSide;
  readonly timeInForce: 'GTC' | 'GTX';
  readonly reduceOnly: boolean;
  readonly closePosition: boolean;
  readonly price: number;
  readonly stopPrice: number;
  readonly origQty: number;
  readonly leverage: number;
  readonly time: number;
  status: BinanceOrderStatus;
  executedQty: number;
  cumQuote: number;
  updateTime: number;
}

/** A conditional order (`/fapi/v1/algoOrder`): only STOP_MARKET is matched by the double. */
export interface AlgoRecord {
  readonly algoId: number;
  readonly clientAlgoId: string;
  readonly internalId: ClientOrderId;
  readonly orderType: 'STOP_MARKET';
  readonly side: BinanceSide;
  readonly quantity: number;
  readonly triggerPrice: number;
  readonly reduceOnly: boolean;
  readonly closePosition: boolean;
  readonly workingType: string;
  readonly leverage: number;
  readonly createTime: number;
  algoStatus: AlgoStatus;
  updateTime: number;
  triggerTime: number;
  /** The order the stop became once triggered. */
  actualOrderId: number | undefined;
}

/** One execution as `/fapi/v1/userTrades` lists it. */
export interface TradeRecord {
  readonly id: number;
  readonly orderId: number;
  readonly side: BinanceSide;
  readonly price: number;
  readonly qty: number;
  readonly realizedPnl: number;
  readonly commission: number;
  readonly maker: boolean;
  readonly time: number;
}

/** One row of `/fapi/v1/income` (negative income = paid). */
export interface IncomeRecord {
  readonly tranId: number;
  readonly incomeType: 'FUNDING_FEE' | 'REALIZED_PNL' | 'COMMISSION';
  readonly income: number;
  readonly time: number;
  readonly tradeId: string;
}

export const isOpenStatus = (s: BinanceOrderStatus): boolean => s === 'NEW' || s === 'PARTIALLY_FILLED';
