export { roundToIncrement, decimalPlaces, type RoundingMode } from './decimal.js';
export {
  roundQuantityDown,
  roundPrice,
  applyFilters,
  stopWouldTrigger,
  formatNumber,
  type FilterRejection,
  type FilterResult,
  type PriceRounding,
} from './filters.js';
export { MarketStats, type MarketSnapshot } from './market-stats.js';
export {
  DEFAULT_SLIPPAGE,
  slippageFraction,
  MAX_SLIPPAGE_FRACTION,
  applySlippage,
  isThinHour,
  validateSlippageConfig,
  type SlippageConfig,
  type SlippageModelName,
  type ThinHours,
} from './slippage.js';
export {
  intrabarPath,
  firstReach,
  type IntrabarPath,
  type PathSide,
  type Crossing,
} from './intrabar-path.js';
export { SimVenue } from './sim-venue.js';
export type { SimVenueOptions, BarCloseContext, VenueEvent } from './sim-venue.types.js';
