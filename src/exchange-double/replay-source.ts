import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, type Timeframe } from '../core/index.js';
import {
  type CandleSeries,
  CandleSeriesBuilder,
  type FundingSeries,
  MarketStore,
  NMR_FIT_FILES,
  readMarketFile,
} from '../data/index.js';

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

/**
 * The REAL Binance USD-M NMRUSDT 1m candles of `<repo>/../shared/data` (2025-06-16 21:00 to 06-22
 * 21:00 UTC, SOURCES.md A4), the first `bars` of them (default all 8,641). The file's volume is
 * quote volume (USDT): base volume is DERIVED as quote / close.
 */
export function loadSharedNmr1m(bars?: number): CandleSeries {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const file = path.resolve(repo, '..', 'shared', 'data', NMR_FIT_FILES.perp1m);
  const parsed = readMarketFile(file, {
    map: 'time=timestamp_ms,open=open,high=high,low=low,close=close,volume=quote_volume_usdt',
  });
  if (parsed.data.kind !== 'candles') throw new InputError(`${file} did not parse as candles`);
  const source = parsed.data.series;
  const n = Math.min(bars ?? source.length, source.length);
  const b = new CandleSeriesBuilder(source.timeframe, n);
  for (let i = 0; i < n; i++) {
    const c = source.at(i);
    b.push(c.openTime, c.open, c.high, c.low, c.close, c.volume / c.close);
  }
  return b.build();
}
