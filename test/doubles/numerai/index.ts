/**
 * A loopback double of Numerai's public GraphQL endpoint, serving the real rows of
 * ../shared/data/numerai (rounds, round details, per-round model scores incl. NUMERAI_SWMM) in the
 * API's response shapes, with fault injection (5xx, 429 + Retry-After, `{errors}` at 200, dropped
 * connections, schema drift, delays):
 *
 *   const double = await startNumeraiDouble({ now: () => clock.t });
 *   await numeraiFeed.fetch(store, config, { baseUrl: double.url });
 *   await double.close();
 */
export { startNumeraiDouble, type NumeraiDouble } from './server.js';
export {
  type DoubleRound,
  type DoubleScore,
  type DoubleModel,
  type DoubleModelRound,
  type NumeraiDoubleData,
  type NumeraiDoubleOptions,
  type NumeraiDoubleRequest,
  type NumeraiDriftPlan,
  type NumeraiFailurePlan,
  type NumeraiFailureMode,
  NUMERAI_FAILURE_MODES,
} from './double.types.js';
export {
  loadRealNumeraiData,
  loadRealRounds,
  loadRealModels,
  readNumeraiCsv,
  parseJosTime,
  syntheticModelId,
  ROUNDS_CSV,
  ROUND_DETAILS_CSV,
  SCORE_FILES,
} from './real-data.js';
export { syntheticRoundTimes, SCORE_DAY } from './synthetic-calendar.js';
export { parseOperation, type ParsedOperation, type FieldNode } from './graphql-parse.js';
