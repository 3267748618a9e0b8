export type {
  SynthParams,
  RegimeParams,
  JumpParams,
  CascadeParams,
  VolumeParams,
  MarkParams,
  FundingParams,
} from './synth-params.types.js';
export {
  NMR_SYNTH_PARAMS,
  NMR_SYNTH_TARGETS,
  FUNDING_VENUE_RULES,
  CRASH_2025_10_10,
  SQUEEZE_2024_03_09,
  type CascadeShape,
} from './params.js';
export {
  generateSyntheticMarket,
  type SyntheticMarket,
  type SyntheticMarketOptions,
  DEFAULT_SYNTH_START,
  MAX_SYNTH_DAYS,
} from './generate.js';
export { type CascadeEvent } from './cascade-events.js';
export { fundingSchedule, type FundingSlot } from './funding.js';
export { SynthRandom } from './prng.js';
export {
  SYNTHETIC_EXCHANGE,
  SYNTHETIC_SYMBOL,
  SYNTH_VERSION,
  SYNTHETIC_TITLE_PREFIX,
  isSyntheticTitle,
  syntheticTitle,
  syntheticSource,
} from './title.js';
export { describeSyntheticMarket, type SyntheticMarketStats } from './market-stats.js';
export { NMR_FIT_FILES } from './fit/real-files.js';
export { measureNmrMarket, type NmrMeasurements, type MeasureOptions } from './fit/measure.js';
export { paramsFromMeasurements } from './fit/to-params.js';
export { formatMeasurements, formatComparison } from './fit/report.js';
