export {
  RISK_RULES,
  HALT_RULES,
  type RiskRule,
  type HaltRule,
  type RiskHalt,
  type Origin,
  type EntryRequest,
  type RiskDecision,
  type RiskVerdict,
  type RiskAction,
  type RiskView,
  type RiskStateSnapshot,
} from './risk.types.js';
export { RiskEngine, type RiskEngineOptions } from './risk-engine.js';
export type { VolatilityReading } from './volatility-regime.js';
export { type RiskStateStore, SqliteRiskStateStore, MemoryRiskStateStore } from './risk-state-store.js';
export { parseRiskState } from './risk-state.js';
export { type CalendarEvent, type BlackoutWindow } from './calendar.types.js';
export { loadCalendarFile, parseCalendarYaml, parseCalendarCsv } from './calendar.js';
export { blackoutWindows } from './blackouts.js';
export { isWeekendUtc } from './weekend.js';
