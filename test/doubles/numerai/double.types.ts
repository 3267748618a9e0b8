/**
 * What the Numerai GraphQL double serves and how it can be made to fail. Times are epoch ms here and
 * ISO-8601 strings on the wire; decimals (payout factor, stakes, payouts) are strings on the wire, as
 * Numerai's `Decimal` scalar sends them.
 */

/** One tournament round: a row of rounds.csv joined with the same round's row of roundDetails.csv. */
export interface DoubleRound {
  readonly id: string;
  readonly number: number;
  readonly target: string | null;
  readonly openTime: number;
  readonly closeTime: number;
  readonly closeStakingTime: number | null;
  readonly scoreTime: number | null;
  readonly resolveTime: number;
  readonly resolvedGeneral: boolean;
  readonly resolvedStaking: boolean;
  /** Decimal text as the file has it ("0.58888"), or null when the file cell is empty. */
  readonly payoutFactor: string | null;
  readonly stakeThreshold: number | null;
  readonly totalAtStake: string | null;
  /** Net NMR paid out (negative = net burn); null when the file cell is empty. */
  readonly totalPayout: string | null;
  /** Gross NMR burned: no file has it, so null unless a test sets it. */
  readonly totalBurned: string | null;
  readonly totalStakes: number | null;
  readonly totalSubmitted: number | null;
  readonly roundResolved: boolean;
}

/** One score of a model in a round, as `submissionScores` lists it. */
export interface DoubleScore {
  readonly displayName: string;
  readonly value: number;
  readonly percentile: number | null;
  /** Scoring day of the value (the files do not say; served as 20, the final day). */
  readonly day: number;
}

/** One round of one model, as `v2RoundModelPerformances` lists it. */
export interface DoubleModelRound {
  readonly roundNumber: number;
  readonly roundOpenTime: number;
  readonly roundResolveTime: number;
  readonly scores: readonly DoubleScore[];
}

export interface DoubleModel {
  /** Lower-case model name, as Numerai spells model names. */
  readonly name: string;
  /** Stable made-up UUID (the files do not hold model ids). */
  readonly id: string;
  readonly rounds: readonly DoubleModelRound[];
}

/** Everything the double serves: one tournament's rounds and some models' scores. */
export interface NumeraiDoubleData {
  readonly tournament: number;
  readonly rounds: readonly DoubleRound[];
  readonly models: readonly DoubleModel[];
  /** Where each part came from, and what is synthetic. */
  readonly provenance: readonly string[];
}

/** How an injected failure answers. */
export const NUMERAI_FAILURE_MODES = [
  'http-500',
  'http-502',
  'rate-limit-429',
  'http-400',
  'graphql-errors',
  'socket-destroy',
] as const;
export type NumeraiFailureMode = (typeof NUMERAI_FAILURE_MODES)[number];

/** Makes the double fail some requests: the first `afterRequests` counted requests succeed. */
export interface NumeraiFailurePlan {
  readonly afterRequests: number;
  readonly mode: NumeraiFailureMode;
  /** Counted requests that fail before the double is healthy again; default Infinity. */
  readonly times?: number;
  /** Only requests whose root field is listed are counted and failed; default every request. */
  readonly rootFields?: readonly string[];
}

/**
 * Schema drift: a field of one type renamed or retyped. With `renamedTo`, the schema knows the field
 * only under its new name: a query for the old name is refused with GraphQL's validation error when
 * `validate` is true (what a real GraphQL server does), or answered without it (and with the new
 * name) when false, as a lenient gateway would. With `value`, the field is served with that value.
 */
export interface NumeraiDriftPlan {
  /** GraphQL type, e.g. `RoundDetails`, `Round`, `RoundModelPerformance`, `SubmissionScore`. */
  readonly type: string;
  readonly field: string;
  readonly renamedTo?: string;
  readonly value?: unknown;
  readonly validate?: boolean;
}

/** One request the double received. */
export interface NumeraiDoubleRequest {
  readonly operationName: string | undefined;
  /** Root field asked for (the first one), or '' when the body could not be parsed. */
  readonly rootField: string;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly userAgent: string | undefined;
  /** HTTP status sent, or 0 when the socket was destroyed. */
  readonly status: number;
}

export interface NumeraiDoubleOptions {
  /** Port to listen on; default 0 (any free port). The host is always 127.0.0.1. */
  readonly port?: number;
  /** What to serve; default `loadRealNumeraiData()`. */
  readonly data?: NumeraiDoubleData;
  /**
   * The double's "now". When set, rounds not yet open are not listed, rounds resolving later are
   * served unresolved (no payout, no scores), and stakes and payout factors of rounds still open are
   * served as 0. Default: the files as they are.
   */
  readonly now?: () => number;
  readonly failures?: NumeraiFailurePlan;
  readonly drift?: NumeraiDriftPlan;
  /** Delay before every answer, milliseconds (timeouts). Default 0. */
  readonly delayMs?: number;
  /** `Retry-After` seconds sent with a 429. Default 1. */
  readonly retryAfterSeconds?: number;
}
