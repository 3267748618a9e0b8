export { type Candle, CANDLE_COLUMNS, type CandleColumn } from './candle.types.js';
export { CandleSeries, CandleSeriesBuilder } from './candle-series.js';
export { resample, type ResampleResult, type ResampleOptions } from './resample.js';
export { FundingSeries, type FundingEvent, type FundingSegment, type FundingGap } from './funding-series.js';
export type { OpenInterestPoint } from './open-interest.types.js';
