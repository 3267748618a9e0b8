/**
 * The Bybit V5 double: a local REST server for the real ccxt `bybit` client, on the same engine as the
 * Binance double. See docs/exchange-double.md.
 */
export {
  startBybitDouble,
  bybitClientOptions,
  BYBIT_NMR_INSTRUMENT,
  type BybitDouble,
  type BybitDoubleOptions,
  type BybitRequest,
} from './server.js';
export { BybitError, bybitErrors } from './bybit-error.js';
