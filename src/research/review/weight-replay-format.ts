import type { WeightReviewRecord } from '../../backtest/index.js';
import { isoTime } from '../../core/index.js';
import { SIGNAL_FAMILIES } from '../../signals/index.js';
import { table } from './format.js';
import type { FamilyWeights } from './review.types.js';

/**
 * The weight path of a backtest's replayed reviews: the starting weights, then one row per review
 * with its time, decisions scored, shrinkage and the proposed weights (marked when applied).
 */
export function formatWeightPath(initial: FamilyWeights, reviews: readonly WeightReviewRecord[]): string {
  const weights = (w: FamilyWeights): string[] => SIGNAL_FAMILIES.map((f) => w[f].toFixed(4));
  const rows = [
    ['start', '', '', ...weights(initial), ''],
    ...reviews.map((r) => [
      isoTime(r.time),
      String(r.samples),
      lambdaOf(r.evidence),
      ...weights(r.proposed),
      r.applied ? 'applied' : 'proposed',
    ]),
  ];
  const applied = reviews.filter((r) => r.applied).length;
  return [
    `Weekly review replayed: ${reviews.length} reviews, ${applied} applied`,
    table(['review', 'scored', 'λ', ...SIGNAL_FAMILIES, ''], rows),
  ].join('\n');
}

function lambdaOf(evidence: unknown): string {
  const lambda =
    typeof evidence === 'object' && evidence !== null ? (evidence as { lambda?: unknown }).lambda : undefined;
  return typeof lambda === 'number' ? lambda.toFixed(3) : '-';
}
