export type {
  StreamEvent,
  EventStream,
  CheckedReading,
  CheckedSignalSet,
  DeclaredWarmUp,
  SignalSetFactory,
  LookaheadOptions,
  ReadingDifference,
  WarmUpResult,
  SignalVerdict,
  LookaheadReport,
} from './lookahead.types.js';
export { mergeEvents, sliceStream, replay } from './event-stream.js';
export { recordReadings, agrees, type ReadingsTable } from './readings-table.js';
export { cutPoints, checkCuts } from './cut-check.js';
export { checkColdStart, declaredBars, type Tolerances } from './warm-up-check.js';
export { runLookaheadCheck, DEFAULT_CUTS, DEFAULT_WARM_UP_OFFSETS } from './run-check.js';
export { playbookSignalSet, LONGEST_SETTLEMENT_INTERVAL_MS } from './playbook-factory.js';
export { playbookCombinerSet, MODEL_READING, SCORE_READING } from './combiner-factory.js';
export { storedEventStream, type StoredStreamSpec } from './stored-stream.js';
export { formatLookaheadReport } from './format-report.js';
export { syntheticFeedEvents } from './synthetic-feeds.js';
export { LookaheadCheckFailedError } from './lookahead-error.js';
