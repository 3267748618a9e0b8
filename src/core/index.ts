export { type EpochMs, epochMs, isoTime, parseSince, MINUTE_MS, HOUR_MS, DAY_MS } from './time.js';
export {
  TIMEFRAMES,
  type Timeframe,
  isTimeframe,
  parseTimeframe,
  timeframeMs,
  timeframeFromMs,
  sourceTimeframes,
} from './timeframe.js';
export {
  NmrbotError,
  ConfigError,
  InputError,
  VenueTemporaryError,
  VenueRejectedError,
  FeedUnavailableError,
  InvariantError,
} from './errors.js';
export { type Clock, WallClock, SimClock } from './clock.js';
export {
  Side,
  OrderType,
  OrderStatus,
  type ClientOrderId,
  type OrderRequest,
  type OrderState,
  type Fill,
  type MarginTier,
  type InstrumentSpec,
} from './trading.types.js';
export { EventPriority, EventQueue, type QueuedEvent } from './event-queue.js';
