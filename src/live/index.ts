/** The live layer: the order manager (the live `OrderPort`) and CcxtVenue over the real ccxt client. See docs/live.md. */
export {
  deriveClientOrderId,
  parseClientOrderId,
  runKey,
  DecisionSequencer,
  CLIENT_ORDER_ID_PATTERN,
  CLIENT_ORDER_ID_PREFIX,
  MAX_CLIENT_ORDER_ID_LENGTH,
  type DecisionKey,
} from './client-order-id.js';
export {
  LiveOrderStatus,
  OrderTransitionError,
  checkTransition,
  coreStatus,
  isTerminal,
  type TransitionOutcome,
} from './order-lifecycle.js';
export type {
  OrderGateway,
  OrderKind,
  ExchangeOrderRequest,
  ExchangeOrderReport,
  ExchangeTrade,
  LiveOrderState,
} from './order-gateway.types.js';
export { OrderManager, type OrderManagerOptions } from './order-manager.js';
export {
  RateLimiter,
  TokenBucket,
  BINANCE_USDM_ORDER_LIMITS,
  BINANCE_USDM_REQUEST_WEIGHT_LIMITS,
  type RateLimitRule,
} from './rate-limiter.js';
export { DEFAULT_RETRY_POLICY, jitteredBackoff, type RetryPolicy } from './backoff.js';
export {
  LatencyRecorder,
  percentiles,
  type LatencyReport,
  type Percentiles,
  type LatencyRecorderOptions,
  type OrderLatency,
} from './latency.js';
export { classifyVenueError, VenueFault, parseRetryAfter, type ClassifiedFault } from './venue-error.js';
export { redactSecrets } from './redact-secrets.js';
export {
  connectCcxt,
  type CcxtConnection,
  type CcxtConnectOptions,
  type ExchangeCredentials,
} from './ccxt-connect.js';
export {
  instrumentFromMarket,
  marginTiersOf,
  loadInstrument,
  type InstrumentFallbacks,
} from './ccxt-instrument.js';
export { CcxtVenue, type CcxtVenueOptions, type AccountHandlers, type MarketHandlers } from './ccxt-venue.js';
export { StreamLoop, type StreamLoopOptions, type StreamMode } from './stream-loop.js';
export type { StopPlacement } from './ccxt-order-mapping.js';
