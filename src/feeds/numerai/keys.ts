/** Where the feed's data goes in the store: `alt_data` sources and keys. */
export { CALENDAR_SOURCE } from '../calendar/command.js';

export const NUMERAI_SOURCE = 'numerai';

/** Per resolved round, source `numerai`. */
export const NUMERAI_KEYS = {
  /** The meta model's (numerai_swmm by default) final CORR of the round. */
  swmmCorr: 'swmm_corr',
  payoutFactor: 'payout_factor',
  /** NMR staked on the round. */
  totalAtStake: 'total_at_stake',
  /** Net NMR paid out (negative: net burn). */
  totalPayout: 'total_payout',
  /** NMR burned over NMR staked (gross burns where the API has them, else the net burn). */
  burnRatio: 'burn_ratio',
  /** The network signal's input, in [-1, 1]. */
  networkHealth: 'network_health',
} as const;

/** Per round, source `calendar`: known from the moment the round is listed (its open time). */
export const CALENDAR_KEYS = {
  resolve: 'numerai_round_resolve',
  close: 'numerai_round_close',
} as const;

/** `benchmark_corr:v5_lgbm_ct_blend` and the like, per benchmark model. */
export const benchmarkKey = (kind: 'corr' | 'mmc', model: string): string => `benchmark_${kind}:${model}`;
