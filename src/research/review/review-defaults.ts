/**
 * Review settings not (yet) in `journal.review`: the forward-return horizon a decision is scored over,
 * hours (the playbook's time exit), and the sample count below which the shrinkage grows toward 1.
 * `nmrbot review --horizon-hours / --min-samples` override them.
 */
export const REVIEW_HORIZON_HOURS = 6;
export const REVIEW_MIN_SAMPLES = 30;
