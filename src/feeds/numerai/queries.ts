import { z } from 'zod';
import { decimal, isoTime } from './wire.js';

/**
 * The GraphQL operations the feed sends, written as NOTES-integrations.md section 6 gives them (the
 * large `models { ... }` list of roundDetails left out, as the notes advise), each with the zod
 * schema of its `data`. Fields the feed relies on are required, so a renamed one is caught as drift;
 * the rest may be null or absent.
 */

/** One operation: its root field names it in errors; `optionalFields` may be dropped if the API lacks them. */
export interface NumeraiOperation<T> {
  readonly rootField: string;
  readonly query: string;
  readonly schema: z.ZodType<T>;
  readonly optionalFields?: readonly string[];
}

const int = z.int();

export const roundSchema = z.object({
  id: z.string(),
  tournament: int.nullish(),
  number: int,
  target: z.string().nullish(),
  closeTime: isoTime,
  closeStakingTime: isoTime.nullish(),
  openTime: isoTime,
  scoreTime: isoTime.nullish(),
  resolveTime: isoTime,
  resolvedGeneral: z.boolean(),
  resolvedStaking: z.boolean().nullish(),
  payoutFactor: decimal.nullable(),
  stakeThreshold: decimal.nullish(),
  minCorrMultiplier: decimal.nullish(),
  maxCorrMultiplier: decimal.nullish(),
  defaultCorrMultiplier: decimal.nullish(),
  minMmcMultiplier: decimal.nullish(),
  maxMmcMultiplier: decimal.nullish(),
  defaultMmcMultiplier: decimal.nullish(),
  dataDatestamp: int.nullish(),
});
export type NumeraiRound = z.infer<typeof roundSchema>;

export const ROUNDS: NumeraiOperation<{ rounds: NumeraiRound[] }> = {
  rootField: 'rounds',
  query: `query($tournament: Int $number: Int $target: String $status: RoundStatus $limit: Int) {
  rounds(tournament: $tournament number: $number target: $target status: $status limit: $limit) {
    id tournament number target closeTime closeStakingTime openTime scoreTime resolveTime
    resolvedGeneral resolvedStaking payoutFactor stakeThreshold
    minCorrMultiplier maxCorrMultiplier defaultCorrMultiplier minMmcMultiplier maxMmcMultiplier defaultMmcMultiplier
    dataDatestamp } }`,
  schema: z.object({ rounds: z.array(roundSchema) }),
};

export const roundDetailsSchema = z.object({
  roundNumber: int,
  roundResolved: z.boolean(),
  roundTarget: z.string().nullish(),
  openTime: isoTime,
  closeTime: isoTime.nullish(),
  scoreTime: isoTime.nullish(),
  roundResolveTime: isoTime,
  payoutFactor: decimal.nullable(),
  totalAtStake: decimal.nullable(),
  totalPayout: decimal.nullable(),
  totalBurned: decimal.nullish(),
  totalEarned: decimal.nullish(),
  totalStakes: int.nullish(),
  totalSubmitted: int.nullish(),
});
export type NumeraiRoundDetails = z.infer<typeof roundDetailsSchema>;

export const ROUND_DETAILS: NumeraiOperation<{ roundDetails: NumeraiRoundDetails }> = {
  rootField: 'roundDetails',
  query: `query($rn: Int!, $t: Int) {
  roundDetails(roundNumber: $rn, tournament: $t) {
    roundNumber roundResolved roundTarget openTime closeTime scoreTime roundResolveTime
    payoutFactor totalAtStake totalPayout totalBurned totalEarned totalStakes totalSubmitted } }`,
  schema: z.object({ roundDetails: roundDetailsSchema }),
  // [U] in the notes: if the API does not know them the query is sent again without them.
  optionalFields: ['totalBurned', 'totalEarned'],
};

export const MODEL_ID: NumeraiOperation<{ v3UserProfile: { id: string } | null }> = {
  rootField: 'v3UserProfile',
  query: `query($modelName: String!) { v3UserProfile(modelName: $modelName) { id } }`,
  schema: z.object({ v3UserProfile: z.object({ id: z.string().min(1) }).nullable() }),
};

export const submissionScoreSchema = z.object({
  date: isoTime.nullable(),
  day: int.nullish(),
  displayName: z.string(),
  payoutPending: decimal.nullish(),
  payoutSettled: decimal.nullish(),
  percentile: z.number().nullish(),
  value: z.number().nullable(),
});
export type NumeraiSubmissionScore = z.infer<typeof submissionScoreSchema>;

export const roundPerformanceSchema = z.object({
  atRisk: decimal.nullish(),
  corrMultiplier: decimal.nullish(),
  mmcMultiplier: decimal.nullish(),
  roundPayoutFactor: decimal.nullish(),
  roundNumber: int,
  roundOpenTime: isoTime.nullish(),
  roundResolveTime: isoTime,
  roundResolved: z.boolean(),
  roundTarget: z.string().nullish(),
  submissionScores: z.array(submissionScoreSchema).nullable(),
});
export type NumeraiRoundPerformance = z.infer<typeof roundPerformanceSchema>;

export const MODEL_PERFORMANCES: NumeraiOperation<{ v2RoundModelPerformances: NumeraiRoundPerformance[] }> = {
  rootField: 'v2RoundModelPerformances',
  query: `query($modelId: String!, $tournament: Int!) {
  v2RoundModelPerformances(modelId: $modelId, tournament: $tournament) {
    atRisk corrMultiplier mmcMultiplier roundPayoutFactor roundNumber roundOpenTime roundResolveTime roundResolved roundTarget
    submissionScores { date day displayName payoutPending payoutSettled percentile value } } }`,
  schema: z.object({ v2RoundModelPerformances: z.array(roundPerformanceSchema) }),
};
