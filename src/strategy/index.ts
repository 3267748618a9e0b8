export type { BarEvent, FundingRateEvent, DataEvent } from './events.types.js';
export type {
  AccountView,
  PositionView,
  TargetPosition,
  OrderIntent,
  StrategyContext,
  Strategy,
  StrategyFactory,
} from './strategy.types.js';
export { StrategyError } from './strategy-error.js';
export { loadStrategy, BUILTIN_STRATEGIES } from './load-strategy.js';
