/**
 * Defaults of `journal.review.horizonHours` and `journal.review.minSamples` for callers of the review
 * library without a config: the forward-return horizon a decision is scored over, hours (the
 * playbook's time exit), and the sample count below which the shrinkage grows toward 1.
 */
export const REVIEW_HORIZON_HOURS = 6;
export const REVIEW_MIN_SAMPLES = 30;
