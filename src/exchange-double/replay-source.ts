import { InputError, type Timeframe } from '../core/index.js';
import { type CandleSeries, type FundingSeries, MarketStore } from '../data/index.js';

/** Where a replay's candles and funding come from: a series in the SQLite market store. */
export interface StoredReplay {
  readonly series: CandleSeries;
  /** Undefined when the store holds no funding for the symbol. */
  readonly funding: FundingSeries | undefined;
}

/**
 * Loads the candles (and funding, when stored) to replay from the SQLite store, e.g. what
 * `nmrbot data download` wrote. Fails with a message naming the store and series when there is nothing.
 */
export function loadStoredReplay(input: {
  readonly storePath: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}): StoredReplay {
  const store = MarketStore.open(input.storePath);
  try {
    const range = { from: input.from, to: input.to };
    const key = { exchange: input.exchange, symbol: input.symbol };
    const series = store.loadCandles({ ...key, kind: 'candles', timeframe: input.timeframe }, range);
    if (series.length < 2)
      throw new InputError(
        `${input.storePath}: ${input.exchange} ${input.symbol} ${input.timeframe} candles hold ${series.length} bars in the range; the replay needs at least 2`,
      );
    const funding = store.loadFunding({ ...key, kind: 'funding' }, range);
    return { series, funding: funding.length > 0 ? funding : undefined };
  } finally {
    store.close();
  }
}
