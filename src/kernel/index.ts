export { Kernel, type KernelOptions, type KernelObserver, type Decision } from './kernel.js';
export type { OrderPort, RiskGate } from './ports.types.js';
export type { TradeRecord } from './trade.types.js';
export { TradeTracker } from './trade-tracker.js';
export { EquityCurve, type EquityField } from './equity-curve.js';
