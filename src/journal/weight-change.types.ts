/** Signal-family weights by family name (`price`, `network`, `sentiment`); they sum to 1. */
export type FamilyWeightMap = Readonly<Record<string, number>>;

/** What the weekly review journals: one proposal of new family weights and the evidence behind it. */
export interface WeightChangeInput {
  /** When the review ran (its `--at`), epoch ms. */
  readonly time: number;
  /** The journal run whose decisions and trades were reviewed. */
  readonly runId: string;
  /** The weights in force before the review. */
  readonly oldWeights: FamilyWeightMap;
  readonly proposed: FamilyWeightMap;
  /** True when `proposed` became the current weights (`--apply` or `journal.review.autoApply`). */
  readonly applied: boolean;
  /** The review's evidence (accuracy per family and signal, PnL breakdowns), stored as JSON. */
  readonly evidence: unknown;
}

/** A journaled weight change as read back. */
export interface WeightChange extends WeightChangeInput {
  /** Order of the change in the store, from 1. */
  readonly id: number;
}

/** The weights last applied by a review, for the live bot to read. */
export interface CurrentWeights {
  readonly weights: FamilyWeightMap;
  /** The `weight_changes` row that applied them. */
  readonly changeId: number;
  readonly updatedAt: number;
}

/** Where weight changes are journaled: SQLite beside the trade journal, or PostgreSQL (`journal.url`). */
export interface WeightChangeStore {
  /**
   * Journals a proposal; when `applied`, also makes its weights the current ones of `scope`, in the
   * same transaction. Returns the new row's id.
   */
  record(change: WeightChangeInput, scope?: string): Promise<number>;
  /** Every journaled proposal, oldest first. */
  weightChanges(): Promise<WeightChange[]>;
  /** The weights last applied in `scope`, or undefined when no review has applied any. */
  currentWeights(scope?: string): Promise<CurrentWeights | undefined>;
}
