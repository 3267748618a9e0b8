import type { Timeframe } from '../../core/index.js';
import { CandleSeries } from '../../data/index.js';
import type { EventStream } from '../lookahead/index.js';
import type { DataEvent, FundingRateEvent } from '../../strategy/index.js';
import { buildDataset, type Dataset, type DatasetOptions } from './dataset.js';

/**
 * The dataset of a replayed event stream (as `storedEventStream` loads it from the store for a
 * backtest): its bars as a series, its funding settlements and its feed data.
 */
export function datasetFromStream(
  stream: EventStream,
  timeframe: Timeframe,
  options: Omit<DatasetOptions, 'bars' | 'funding' | 'data'>,
): Dataset {
  const funding: FundingRateEvent[] = [];
  const data: DataEvent[] = [];
  for (const e of stream.events) {
    if (e.kind === 'funding') funding.push(e.event);
    else if (e.kind === 'data') data.push(e.event);
  }
  const bars = CandleSeries.fromCandles(
    timeframe,
    stream.bars.map((b) => b.candle),
  );
  return buildDataset({ ...options, bars, funding, data });
}
