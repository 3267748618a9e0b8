export {
  type PositionSide,
  type IsolatedLiquidationInput,
  tierForNotional,
  validateTiers,
  isolatedLiquidationPrice,
} from './liquidation.js';
export { Portfolio } from './portfolio.js';
export type {
  Position,
  FillEffect,
  LiquidationResult,
  PortfolioSnapshot,
  PortfolioOptions,
} from './portfolio.types.js';
