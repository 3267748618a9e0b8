export { numeraiFeed, fetchNumerai, type NumeraiFeedConfig, type NumeraiFetchDeps } from './command.js';
export { NumeraiClient, NUMERAI_USER_AGENT, type NumeraiClientOptions } from './graphql-client.js';
export { listRounds, fetchRoundDetails, fetchModelId, fetchModelPerformances } from './api.js';
export {
  ROUNDS,
  ROUND_DETAILS,
  MODEL_ID,
  MODEL_PERFORMANCES,
  type NumeraiOperation,
  type NumeraiRound,
  type NumeraiRoundDetails,
  type NumeraiRoundPerformance,
  type NumeraiSubmissionScore,
} from './queries.js';
export { NUMERAI_SOURCE, CALENDAR_SOURCE, NUMERAI_KEYS, CALENDAR_KEYS, benchmarkKey } from './keys.js';
export {
  computeNetworkHealth,
  minHistory,
  HEALTH_WEIGHTS,
  HEALTH_SCALES,
  COMPONENT_LIMIT,
  type HealthRound,
  type HealthPoint,
  type HealthInput,
  type HealthComponent,
  type TimedValue,
} from './network-health.js';
export { loadHealthRounds, networkHealthRows } from './health-rows.js';
export { pickScore, SCORE_NAMES, type PickedScore, type ScoreKind } from './scores.js';
export { DEFAULT_BACKFILL, type FetchScope } from './fetch-scope.js';
