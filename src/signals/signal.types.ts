import type { EpochMs } from '../core/index.js';

/** The three signal families of the playbook; their weights come from `signals.weights`. */
export const SIGNAL_FAMILIES = ['price', 'network', 'sentiment'] as const;
export type SignalFamily = (typeof SIGNAL_FAMILIES)[number];

/** The individual signals. `price` = momentum + mean reversion + funding. */
export const SIGNAL_NAMES = ['momentum', 'mean_reversion', 'funding', 'network', 'sentiment'] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

/** The volatility regime (see src/risk: the measure is documented there). */
export type Regime = 'normal' | 'high_volatility';

/** One signal's current value and what it was computed from (kept in the journal snapshot). */
export interface SignalReading {
  readonly name: SignalName;
  readonly family: SignalFamily;
  /** In [-1, 1] (+ favours long). null while warming up, or when its feed has no (fresh) data. */
  readonly value: number | null;
  /** The inputs behind `value`, by name (for example `ret_4h`, `zscore`, `rate8h`). */
  readonly inputs: Readonly<Record<string, number | null>>;
}

export interface FamilyScore {
  /** The family's value in [-1, 1], or null when none of its signals has a value. */
  readonly value: number | null;
  /** The configured weight. */
  readonly weight: number;
  /** The weight actually applied (after the missing-family rule). */
  readonly effectiveWeight: number;
}

/** Everything behind one weighted score: journaled with every decision. */
export interface ScoreSnapshot {
  readonly time: EpochMs;
  /** Weighted score in [-1, 1]. */
  readonly score: number;
  readonly families: Readonly<Record<SignalFamily, FamilyScore>>;
  readonly signals: readonly SignalReading[];
  readonly regime: Regime;
  /** Set when a learned model replaced or blended the fixed-weight score (`signals.combiner`). */
  readonly combiner?: CombinerRecord;
}

/** What the `ai` or `blend` combiner did to one snapshot: its inputs, output and the model behind it. */
export interface CombinerRecord {
  readonly mode: 'ai' | 'blend';
  /** The model's calibrated probability that a long beats its round-trip cost over its horizon. */
  readonly probability: number;
  /** 2 x probability - 1, in [-1, 1]. */
  readonly aiScore: number;
  /** The fixed-weight score the combiner started from. */
  readonly fixedScore: number;
  /** Share of `aiScore` in the final score: 1 in ai mode, `signals.combiner.blend` in blend mode. */
  readonly blend: number;
  readonly model: {
    readonly kind: string;
    readonly dataHash: string;
    /** Epoch ms of the first and last training bar closes. */
    readonly trainingWindow: { readonly from: number; readonly to: number };
  };
}
