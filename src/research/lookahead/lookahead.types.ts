import type { EpochMs } from '../../core/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../../strategy/index.js';

/** One event of a replay, in the order the backtest delivers it. */
export type StreamEvent =
  | { readonly kind: 'data'; readonly time: EpochMs; readonly event: DataEvent }
  | { readonly kind: 'bar'; readonly time: EpochMs; readonly event: BarEvent }
  | { readonly kind: 'funding'; readonly time: EpochMs; readonly event: FundingRateEvent };

/** What a checked signal set is fed, and what its factory is shown before the first event. */
export interface EventStream {
  /** Bar length in milliseconds. */
  readonly barMs: number;
  /** Every event, merged in backtest order (see `mergeEvents`). */
  readonly events: readonly StreamEvent[];
  /** The bars among `events`, in order (a precomputing signal would build on these). */
  readonly bars: readonly BarEvent[];
}

/** The part of a reading the check compares: a value in [-1, 1], or null. */
export interface CheckedReading {
  readonly name: string;
  readonly value: number | null;
}

/** Anything fed like `PlaybookSignals`: the three hooks and the readings at a time. */
export interface CheckedSignalSet {
  onBar(bar: BarEvent): void;
  onFunding(event: FundingRateEvent): void;
  onData(event: DataEvent): void;
  readings(time?: EpochMs): readonly CheckedReading[];
}

/**
 * How long a signal needs, from a cold start, before its reading must equal a run that saw all
 * history: `bars` closes and/or `ms` of feed time (a staleness or a settlement interval), whichever
 * is later. `recursive` signals (exponential memory) only have to agree within the recursive
 * tolerance; windowed ones within the exact tolerance.
 */
export interface DeclaredWarmUp {
  readonly bars?: number;
  readonly ms?: number;
  readonly kind: 'windowed' | 'recursive';
}

/** Builds fresh signal sets and says how long each of its signals needs to warm up. */
export interface SignalSetFactory {
  /** A fresh instance; `stream` is everything it will be fed (a streaming set ignores it). */
  create(stream: EventStream): CheckedSignalSet;
  /** Declared warm-up by signal name; a signal missing here is taken as windowed with none. */
  readonly warmUp: Readonly<Record<string, DeclaredWarmUp>>;
}

export interface LookaheadOptions {
  /** Cut points (default 50): half evenly spread over the bars, the rest drawn from `seed`. */
  readonly cuts?: number;
  readonly seed?: number;
  /** Fractions of the bars at which cold starts begin (default 0.1, 0.3, 0.5). */
  readonly warmUpOffsets?: readonly number[];
  /** Agreement at a cut, relative to max(1, |a|, |b|) (default 1e-12). */
  readonly exactTolerance?: number;
  /** Agreement of a recursive signal after its warm-up (default 1e-6). */
  readonly recursiveTolerance?: number;
}

/** A reading that differs from the full run's at the same bar close. */
export interface ReadingDifference {
  readonly signal: string;
  readonly time: EpochMs;
  readonly full: number | null;
  readonly other: number | null;
}

/** One cold start of one signal: from which bar it agrees with the full run for good. */
export interface WarmUpResult {
  readonly signal: string;
  /** Start: the open time of the first bar the cold instance saw. */
  readonly start: EpochMs;
  /** Bars it had seen (counted from 1) when it agreed for good; null when it never did. */
  readonly agreesFromBar: number | null;
  /** The declared warm-up in bars (see `declaredBars`). */
  readonly declaredBars: number;
  /** The last disagreement after the declared warm-up, when there is one. */
  readonly lateDifference?: ReadingDifference;
  /** False when fewer bars than the declared warm-up followed the start (nothing to verify). */
  readonly verified: boolean;
}

/** The verdict for one signal. */
export interface SignalVerdict {
  readonly signal: string;
  readonly cutsCompared: number;
  readonly differences: readonly ReadingDifference[];
  /**
   * The latest bar of agreement over the cold starts; `never` when one never agreed for good,
   * `unverified` when no cold start had its declared warm-up's worth of bars after it.
   */
  readonly warmUpBarsNeeded: number | 'never' | 'unverified';
  readonly declaredBars: number;
  readonly warmUps: readonly WarmUpResult[];
  readonly ok: boolean;
  /** Why it failed, one line per reason (empty when ok). */
  readonly failures: readonly string[];
}

export interface LookaheadReport {
  readonly bars: number;
  readonly first: EpochMs;
  readonly last: EpochMs;
  readonly cuts: readonly EpochMs[];
  readonly signals: readonly SignalVerdict[];
  readonly ok: boolean;
}
