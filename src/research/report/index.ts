export type {
  ClaimStatus,
  FundingClaim,
  HorizonStat,
  Interval,
  NetworkLeadStat,
  ResearchReport,
  SignalStudy,
} from './research.types.js';
export {
  bootstrapMeanDifference,
  excludesZero,
  fisherInterval,
  mean,
  wilsonInterval,
  Z95,
} from './intervals.js';
export { collectInputs, type StudyInputs } from './collect.js';
export { horizonStat, signalStudy } from './signal-study.js';
export { fundingClaims, networkLeads, type ClaimOptions } from './claims.js';
export {
  DEFAULT_CLAIM_OPTIONS,
  DEFAULT_HORIZONS_HOURS,
  DEFAULT_LAGS_HOURS,
  horizonBars,
  runResearch,
  type ResearchRequest,
} from './run-research.js';
export { formatResearch } from './format-research.js';
export { renderResearchHtml, researchJson, researchRunName, writeResearchHtml } from './research-html.js';
export { horizonChart, SIGNAL_COLORS, type HorizonLine } from './research-chart.js';
