import type { NumeraiDriftPlan } from './double.types.js';

/**
 * The slice of Numerai's public schema the double knows: for each type, its fields and the type of
 * each object-valued field. Field lists follow NOTES-integrations.md section 6. A query selecting a
 * field not listed here is refused as a real GraphQL server refuses it.
 */
export interface TypeDef {
  readonly fields: readonly string[];
  /** Object-valued fields and their type names; every other field is a leaf. */
  readonly objects?: Readonly<Record<string, string>>;
}

export const SCHEMA: Readonly<Record<string, TypeDef>> = {
  Query: {
    fields: ['rounds', 'roundDetails', 'v3UserProfile', 'v2RoundModelPerformances'],
    objects: {
      rounds: 'Round',
      roundDetails: 'RoundDetails',
      v3UserProfile: 'V3UserProfile',
      v2RoundModelPerformances: 'RoundModelPerformance',
    },
  },
  Round: {
    fields: [
      'id',
      'tournament',
      'number',
      'target',
      'closeTime',
      'closeStakingTime',
      'openTime',
      'scoreTime',
      'resolveTime',
      'resolvedGeneral',
      'resolvedStaking',
      'payoutFactor',
      'stakeThreshold',
      'minCorrMultiplier',
      'maxCorrMultiplier',
      'defaultCorrMultiplier',
      'minMmcMultiplier',
      'maxMmcMultiplier',
      'defaultMmcMultiplier',
      'dataDatestamp',
    ],
  },
  RoundDetails: {
    fields: [
      'roundNumber',
      'roundResolved',
      'roundTarget',
      'openTime',
      'closeTime',
      'scoreTime',
      'roundResolveTime',
      'payoutFactor',
      'totalAtStake',
      'totalPayout',
      'totalBurned',
      'totalEarned',
      'totalStakes',
      'totalSubmitted',
      'models',
    ],
    objects: { models: 'RoundDetailsModel' },
  },
  RoundDetailsModel: {
    fields: [
      'modelName',
      'corr',
      'corrPercentile',
      'mmc',
      'mmcPercentile',
      'tc',
      'tcPercentile',
      'payoutPending',
      'payoutSettled',
      'selectedStakeValue',
    ],
  },
  V3UserProfile: { fields: ['id', 'username'] },
  RoundModelPerformance: {
    fields: [
      'atRisk',
      'corrMultiplier',
      'mmcMultiplier',
      'roundPayoutFactor',
      'roundNumber',
      'roundOpenTime',
      'roundResolveTime',
      'roundResolved',
      'roundTarget',
      'submissionScores',
    ],
    objects: { submissionScores: 'SubmissionScore' },
  },
  SubmissionScore: {
    fields: ['date', 'day', 'displayName', 'payoutPending', 'payoutSettled', 'percentile', 'value'],
  },
};

/** The schema with a drift applied: the renamed field is known only under its new name. */
export function driftedSchema(drift: NumeraiDriftPlan | undefined): Readonly<Record<string, TypeDef>> {
  if (!drift?.renamedTo) return SCHEMA;
  const { type, field, renamedTo } = drift;
  const def = SCHEMA[type];
  if (!def) throw new Error(`numerai double: drift names unknown type ${type}`);
  if (!def.fields.includes(field)) throw new Error(`numerai double: type ${type} has no field ${field}`);
  const objects = def.objects ? { ...def.objects } : undefined;
  if (objects?.[field]) {
    objects[renamedTo] = objects[field];
    delete objects[field];
  }
  return {
    ...SCHEMA,
    [type]: { fields: def.fields.map((f) => (f === field ? renamedTo : f)), ...(objects ? { objects } : {}) },
  };
}
