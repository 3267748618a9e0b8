export { JournalWriter, type JournalWriterOptions } from './journal-writer.js';
export { journalTrade } from './journal-buffer.js';
export { SqliteTradeStore } from './sqlite-trade-store.js';
export { PostgresTradeStore } from './postgres-trade-store.js';
export { DEFAULT_PG_SCHEMA, JournalUrlError, redactUrl } from './pg-connection.js';
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
  type OperatorNote,
  RunIdTakenError,
} from './journal.types.js';
export { SqliteWeightChangeStore, DEFAULT_WEIGHTS_SCOPE } from './weight-change-store.js';
export type {
  CurrentWeights,
  FamilyWeightMap,
  WeightChange,
  WeightChangeInput,
  WeightChangeStore,
} from './weight-change.types.js';
export { type Journal, openJournal, openTradeStore } from './open-trade-store.js';
export { type CellTable, csvField, toCsv, toText } from './journal-csv.js';
export {
  type TradeFilter,
  type RiskFilter,
  type InRun,
  findTrades,
  findRiskDecisions,
  tradeMatches,
  runsTable,
  tradesTable,
  riskTable,
} from './journal-query.js';
export { PostgresWeightChangeStore } from './postgres-weight-change-store.js';
