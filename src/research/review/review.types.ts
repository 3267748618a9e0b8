import type { SignalFamily, SignalName } from '../../signals/index.js';

/** Family weights (`signals.weights`): non-negative, summing to 1. */
export type FamilyWeights = Readonly<Record<SignalFamily, number>>;

/** One journaled decision the review can score: its time, price, and every family and signal value. */
export interface ReviewSample {
  readonly time: number;
  /** The decision's price (NaN when unknown: the price series is used then). */
  readonly price: number;
  readonly families: Readonly<Record<SignalFamily, number | null>>;
  readonly signals: Readonly<Partial<Record<SignalName, number | null>>>;
}

/** A point of the run's price series (the equity samples' `price` column). */
export interface PricePoint {
  readonly time: number;
  readonly price: number;
}

/** How well one family's (or one signal's) values foretold the forward return. */
export interface AccuracyStats {
  /** Samples with a value (not null) and a forward return. */
  readonly n: number;
  /** Samples where the value and the return both had a sign (neither 0): the hit rate's denominator. */
  readonly hitN: number;
  /** Of those, how many had the same sign. */
  readonly hits: number;
  /** hits / hitN, or null when hitN is 0. */
  readonly hitRate: number | null;
  /** Spearman rank correlation of value vs forward return over the n samples; null below 3 or when constant. */
  readonly ic: number | null;
}

/** Closed trades of one group (a signal type, a regime, a UTC weekday or a UTC hour). */
export interface PnlGroup {
  readonly key: string;
  readonly trades: number;
  /** Trades with a net PnL above 0. */
  readonly wins: number;
  /** Sum of net PnL, USDT. */
  readonly netPnl: number;
  /** netPnl / trades, USDT. */
  readonly meanPnl: number;
}

export interface PnlBreakdown {
  readonly trades: number;
  readonly netPnl: number;
  readonly bySignalType: readonly PnlGroup[];
  /** `unknown` for trades journaled without a regime. */
  readonly byRegime: readonly PnlGroup[];
  /** UTC weekday of the entry, Monday first (`Mon` ... `Sun`). */
  readonly byWeekday: readonly PnlGroup[];
  /** UTC hour of the entry, `00` ... `23`. */
  readonly byHour: readonly PnlGroup[];
}

/** Everything a review measured over its window. */
export interface ReviewEvidence {
  readonly runId: string;
  /** The review time: the window ends here, and only returns known by then count. */
  readonly at: number;
  /** Start of the window (exclusive), or null for the whole run. */
  readonly from: number | null;
  readonly horizonHours: number;
  /** Decisions in the window with a forward return. */
  readonly samples: number;
  readonly families: Readonly<Record<SignalFamily, AccuracyStats>>;
  readonly signals: Readonly<Record<SignalName, AccuracyStats>>;
  readonly pnl: PnlBreakdown;
}

/** How the weights move: see docs/review.md. */
export interface WeightSettings {
  /** λ at or above `minSamples`: 0 = follow the evidence, 1 = keep the defaults. */
  readonly shrinkage: number;
  /** Largest change of one family weight per review, absolute. */
  readonly maxStep: number;
  /** Below this many samples, λ grows linearly toward 1 (no samples: the defaults). */
  readonly minSamples: number;
}

export interface WeightProposal {
  readonly defaults: FamilyWeights;
  readonly current: FamilyWeights;
  /** The evidence score used per family (IC, else hit rate - 0.5), or null when the family had none. */
  readonly score: Readonly<Record<SignalFamily, number | null>>;
  /** The raw target from the evidence (non-negative, sums to 1). */
  readonly target: FamilyWeights;
  /** The shrinkage applied (λ after the small-sample increase). */
  readonly lambda: number;
  /** `(1 - λ)·target + λ·defaults`, before the step bound. */
  readonly shrunk: FamilyWeights;
  /** The proposal: `shrunk` moved at most maxStep from `current`, renormalised to sum 1. */
  readonly proposed: FamilyWeights;
}
