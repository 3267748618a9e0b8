export { JournalWriter, type JournalWriterOptions } from './journal-writer.js';
export { SqliteTradeStore } from './sqlite-trade-store.js';
export { newRunId, runIdStem, stableJson } from './run-id.js';
export {
  RunKind,
  type RunMeta,
  type RunRecord,
  type JournalTrade,
  type JournalDecision,
  type JournalRiskDecision,
  type FundingPayment,
  type LiquidationRecord,
  type EquitySample,
  type LogLine,
  type JournalBatch,
  type JournalReader,
  type TradeStore,
} from './journal.types.js';
