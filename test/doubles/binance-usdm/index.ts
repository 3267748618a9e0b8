/**
 * A loopback double of the Binance USD-M REST endpoints that ccxt's `binanceusdm` calls for market
 * data, serving real NMR data from ../shared/data. Start it, then point the real ccxt client at it:
 *
 *   const double = await startBinanceUsdmDouble();
 *   await downloadMarketData(store, { baseUrl: double.url, ... });   // or rewriteApiUrls(ex, double.url)
 *   await double.close();
 */
export { startBinanceUsdmDouble, type BinanceUsdmDouble } from './server.js';
export {
  type BinanceKline,
  type BinanceFundingRow,
  type BinanceOpenInterestRow,
  type DoubleMarketData,
  type DoubleRequest,
  type FailurePlan,
  type FailureMode,
  FAILURE_MODES,
  type BinanceUsdmDoubleOptions,
} from './double.types.js';
export {
  loadRealNmrData,
  readSharedCsv,
  sharedDataDir,
  repoRoot,
  FARUK_1M,
  ALPER_5M,
  ALPER_1H,
  ALPER_FUNDING,
  ALPER_MARK_8H,
  GUOFENG_SNAPSHOT,
} from './real-data.js';
export { OPEN_INTEREST_HISTORY_MS } from './routes.js';
