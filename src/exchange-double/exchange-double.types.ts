import type { InstrumentSpec } from '../core/index.js';
import type { CandleSeries, FundingSeries } from '../data/index.js';
import type { SlippageConfig } from '../execution/index.js';
import type { AlgoRecord, ExecutionType, OrderRecord, TradeRecord } from './account-records.js';
import type { BookSnapshot } from './synthetic-book.js';

/** A constant funding rate settled every `intervalHours` on the UTC grid (00:00, 00:00 + interval, ...). */
export interface ConstantFunding {
  readonly rate: number;
  readonly intervalHours: number;
}

/** What the matching engine replays and how it fills. */
export interface EngineOptions {
  /** The candles replayed, oldest first (e.g. 1m bars from the SQLite store or ../shared/data). */
  readonly series: CandleSeries;
  /**
   * The bar forming when the double starts; bars before it are history (served by `/fapi/v1/klines`).
   * Default 0.
   */
  readonly startIndex?: number;
  /** Funding settlements: a stored series or a constant rate. Default: none. */
  readonly funding?: FundingSeries | ConstantFunding;
  /** Default `NMR_INSTRUMENT` (symbol `NMRUSDT`). */
  readonly instrument?: InstrumentSpec;
  /** Starting USDT wallet balance. Default 10,000. */
  readonly initialBalance?: number;
  /** SimVenue's slippage model. Default `DEFAULT_SLIPPAGE`. */
  readonly slippage?: SlippageConfig;
  /** SimVenue's share of a bar's volume one order may take. Default 1 (no cap). */
  readonly maxBarVolumeFraction?: number;
  /** Leverage before any `POST /fapi/v1/leverage`. Default 20 (Binance's default). */
  readonly defaultLeverage?: number;
}

/** User-data events, formatted by the WebSocket layer as ORDER_TRADE_UPDATE / ACCOUNT_UPDATE / ALGO_UPDATE. */
export type UserEvent =
  | {
      readonly type: 'order';
      readonly order: OrderRecord;
      readonly execution: ExecutionType;
      readonly trade?: TradeRecord | undefined;
      readonly time: number;
    }
  | { readonly type: 'algo'; readonly algo: AlgoRecord; readonly time: number }
  | { readonly type: 'account'; readonly reason: 'ORDER' | 'FUNDING_FEE'; readonly time: number };

/** Market events, formatted by the WebSocket layer as kline / trade / aggTrade / depthUpdate / markPriceUpdate. */
export type MarketEvent =
  | { readonly type: 'kline'; readonly index: number; readonly closed: boolean; readonly time: number }
  | {
      readonly type: 'trade';
      readonly id: number;
      readonly price: number;
      readonly qty: number;
      readonly buyerMaker: boolean;
      readonly time: number;
    }
  | {
      readonly type: 'book';
      readonly previous: BookSnapshot;
      readonly current: BookSnapshot;
      readonly time: number;
    }
  | { readonly type: 'mark'; readonly time: number };
