import { InputError, type Timeframe } from '../../core/index.js';
import type { MarketStore } from '../../data/index.js';
import { loadBars } from '../../backtest/index.js';
import { type ExchangeDouble, startExchangeDouble } from '../../exchange-double/index.js';

export interface ReplayRequest {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Open time of the first bar the bot trades: bars before it are the double's history. */
  readonly tradeFrom: number;
  /** Open time of the first history bar (the warm-up start). */
  readonly since: number;
  /** Replayed ms per wall ms. */
  readonly speed: number;
  readonly initialBalance: number;
  /** Funding the double settles when the store holds none (the config's constant fallback). */
  readonly fallbackFunding: { readonly rate: number; readonly intervalHours: number };
}

/**
 * `nmrbot paper --replay`: an exchange double in this process replaying the store's candles (and
 * stored funding) from `tradeFrom` at `speed`, with the bars since `since` as its history.
 */
export async function startReplayDouble(store: MarketStore, r: ReplayRequest): Promise<ExchangeDouble> {
  const { bars } = loadBars(store, { ...r, from: r.since, to: undefined });
  const startIndex = bars.lowerBound(r.tradeFrom);
  if (bars.length === 0 || startIndex >= bars.length - 1) {
    throw new InputError(
      `--replay: the store holds no ${r.timeframe} (or finer) ${r.exchange} ${r.symbol} candles after ` +
        `${new Date(r.tradeFrom).toISOString()}; import or download history first, or pick an earlier --from`,
    );
  }
  const funding = store.loadFunding(
    { exchange: r.exchange, symbol: r.symbol, kind: 'funding' },
    { from: r.since },
  );
  return startExchangeDouble({
    series: bars,
    startIndex,
    speed: r.speed,
    initialBalance: r.initialBalance,
    funding: funding.length > 0 ? funding : r.fallbackFunding,
    log: (line) => process.stderr.write(`exchange double: ${line}\n`),
  });
}
