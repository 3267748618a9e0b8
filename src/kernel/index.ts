export { Kernel, type KernelOptions, type KernelObserver, type Decision } from './kernel.js';
export { DEFAULT_PROTECTIVE_EXITS } from './manual-hold.js';
export type {
  FlattenDetail,
  FlattenResult,
  HeldTargetDetail,
  ManualNote,
  ManualOrderDetail,
  ManualOrderRequest,
  ManualOrderResult,
} from './manual-order.types.js';
export type { OrderPort, RiskGate } from './ports.types.js';
export type { ManualTradeRecord, TradeRecord } from './trade.types.js';
export { TradeTracker, isManualTrade } from './trade-tracker.js';
export { EquityCurve, type EquityField } from './equity-curve.js';
