export { downloadMarketData } from './download.js';
export {
  DOWNLOAD_KINDS,
  type DownloadKind,
  isDownloadKind,
  type DownloadOptions,
  type DownloadHooks,
  type DownloadReport,
  type SeriesReport,
  type SeriesOutcome,
  type SeriesProgress,
  type RetryPolicy,
  type RetryNotice,
  DEFAULT_RETRY,
} from './download.types.js';
export { createExchange, rewriteApiUrls, requireMarket, type ExchangeSetup } from './exchange.js';
export { DownloadAbortedError } from './pager.js';
export { withRetry, isTemporaryVenueError, type RetryContext } from './retry.js';
export { venueLimits, hasCapability, KIND_CAPABILITY, type VenueLimits } from './venue-limits.js';
