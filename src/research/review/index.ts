export { accuracyOf, type ValueReturn } from './accuracy.js';
export { reviewEvidence, type EvidenceInput } from './evidence.js';
export { formatEvidence, formatProposal } from './format.js';
export { pnlBreakdown } from './pnl-breakdown.js';
export { averageRanks, pearson, spearman } from './rank.js';
export { runReview, type ReviewOutcome, type ReviewRequest, type WeightChangeJournal } from './run-review.js';
export { forwardReturn, priceAt, samplesOf } from './samples.js';
export { effectiveShrinkage, evidenceScore, proposeWeights, stepBounded, targetWeights } from './weights.js';
export type {
  AccuracyStats,
  FamilyWeights,
  PnlBreakdown,
  PnlGroup,
  PricePoint,
  ReviewEvidence,
  ReviewSample,
  WeightProposal,
  WeightSettings,
} from './review.types.js';
export { REVIEW_HORIZON_HOURS, REVIEW_MIN_SAMPLES } from './review-defaults.js';
export { AdaptiveWeights, WeightReplay, type WeightReplayOptions } from './weight-replay.js';
export {
  journalWeightReviews,
  replayWeightsScope,
  type ScopedWeightChangeJournal,
} from './weight-replay-journal.js';
export { formatWeightPath } from './weight-replay-format.js';
