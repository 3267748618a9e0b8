import type { WeightReviewRecord } from '../../backtest/index.js';
import type { WeightChangeInput } from '../../journal/index.js';

/** Where replayed reviews are journaled (`SqliteWeightChangeStore`). */
export interface ScopedWeightChangeJournal {
  record(change: WeightChangeInput, scope?: string): Promise<number>;
}

/**
 * The `current_weights` scope of a backtest's replayed reviews: never `default`, so replaying the
 * adaptation in a backtest does not change the weights the live bot reads.
 */
export function replayWeightsScope(runId: string): string {
  return `backtest:${runId}`;
}

/**
 * Journals the reviews replayed in run `runId` as `weight_changes` rows, oldest first, each with its
 * evidence; applied ones also become the current weights of scope `backtest:<runId>`. Returns the ids.
 */
export async function journalWeightReviews(
  store: ScopedWeightChangeJournal,
  runId: string,
  reviews: readonly WeightReviewRecord[],
  scope: string = replayWeightsScope(runId),
): Promise<number[]> {
  const ids: number[] = [];
  for (const r of reviews) {
    ids.push(
      await store.record(
        {
          time: r.time,
          runId,
          oldWeights: r.oldWeights,
          proposed: r.proposed,
          applied: r.applied,
          evidence: r.evidence,
        },
        scope,
      ),
    );
  }
  return ids;
}
