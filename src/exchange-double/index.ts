/**
 * The exchange double: a local Binance USD-M server (REST + WebSocket) for the real ccxt client, backed
 * by SimVenue and Portfolio over replayed candles, with fault injection. See docs/exchange-double.md.
 */
export { startExchangeDouble, type ExchangeDouble, type ExchangeDoubleOptions } from './server.js';
export type { EngineOptions, ConstantFunding, UserEvent, MarketEvent } from './exchange-double.types.js';
export { ExchangeEngine, type PlaceOrder, type PlaceAlgo } from './exchange-engine.js';
export { AccountLedger, type OrderLookup } from './account-ledger.js';
export type {
  OrderRecord,
  AlgoRecord,
  TradeRecord,
  IncomeRecord,
  BinanceOrderStatus,
  AlgoStatus,
} from './account-records.js';
export { Faults, type FaultOptions, type CountedFault } from './faults.js';
export type { DoubleState } from './state.js';
export { loadStoredReplay, loadSharedNmr1m, type StoredReplay } from './replay-source.js';
export type { RecordedRequest } from './http-handler.js';
export type { Credentials } from './signature.js';
export { BinanceError, binanceErrors, type Reply } from './binance-error.js';
export { exchangeInfo } from './exchange-info.js';
export { required, integer, limitParam, selectWindow } from './rest-params.js';
export { NMR_INSTRUMENT, NMR_EXCHANGE_SYMBOL, NMR_MARGIN_TIERS, maxNotionalAt } from './instrument.js';
