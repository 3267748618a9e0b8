export { gridGaps, type GridGap } from './grid-gaps.js';
export {
  collectSeriesStatus,
  type SeriesStatus,
  type StatusGap,
  type FundingInterval,
  LISTED_GAPS,
} from './series-status.js';
export { formatStatusTable } from './status-format.js';
