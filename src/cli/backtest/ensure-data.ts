import {
  type EpochMs,
  InputError,
  sourceTimeframes,
  type Timeframe,
  WallClock,
  isoTime,
  timeframeMs,
} from '../../core/index.js';
import type { MarketStore, SeriesSpan } from '../../data/index.js';

export interface StoredCandles {
  readonly timeframe: Timeframe;
  readonly span: SeriesSpan;
}

/** The stored candle series usable for `timeframe` (equal or finer, dividing it), finest first. */
export function storedCandles(
  store: MarketStore,
  exchange: string,
  symbol: string,
  timeframe: Timeframe,
): StoredCandles[] {
  return sourceTimeframes(timeframe)
    .map((tf) => ({ timeframe: tf, span: store.span({ exchange, symbol, kind: 'candles', timeframe: tf }) }))
    .filter((s) => s.span.rows > 0);
}

const SLACK_MS = 24 * 3_600_000;

function covers(s: StoredCandles, from: number, to: number): boolean {
  const { first, last } = s.span;
  return (
    first !== null &&
    last !== null &&
    first <= from + SLACK_MS &&
    last + timeframeMs(s.timeframe) >= to - SLACK_MS
  );
}

/**
 * Makes sure the store holds candles for [from, to): downloads them (public endpoints, no key) when
 * allowed and missing; otherwise says exactly how to fill the gap. Returns a note when the run will
 * cover less than asked.
 */
export async function ensureMarketData(
  store: MarketStore,
  market: { exchange: string; symbol: string; timeframe: Timeframe; from: number; to: number },
  download: { readonly allowed: boolean; readonly baseUrl?: string | undefined },
): Promise<string | undefined> {
  const { exchange, symbol, timeframe, from, to } = market;
  const have = storedCandles(store, exchange, symbol, timeframe);
  if (have.some((s) => covers(s, from, to))) return undefined;
  const wanted = `${exchange} ${symbol} candles ${isoTime(from)} .. ${isoTime(to)}`;
  const howToFill =
    `fill it offline with \`nmrbot data import <files> --exchange ${exchange}\` ` +
    '(Binance data-dump kline CSVs such as NMRUSDT-1m-2025-01.csv, or freqtrade NMR_USDT_USDT-1h-futures.json), ' +
    'or run `nmrbot backtest --synthetic` on a generated market';
  if (!download.allowed) {
    if (have.length > 0) return `the store covers only part of ${wanted}; ${howToFill}`;
    throw new InputError(`no stored ${wanted} and --no-download was given; ${howToFill}`);
  }
  process.stderr.write(`downloading ${wanted} (public endpoints, no key needed)\n`);
  // Loaded only when needed: ccxt is large.
  const { downloadMarketData } = await import('../../data/download/index.js');
  const { progressHooks } = await import('../commands/data-download.js');
  try {
    await downloadMarketData(
      store,
      {
        exchange,
        symbol,
        since: from as EpochMs,
        until: to as EpochMs,
        what: ['candles', 'funding'],
        timeframe: timeframe === '1m' || timeframe === '1d' ? timeframe : '1m',
        clock: new WallClock(),
        retry: { tries: 2 },
        baseUrl: download.baseUrl,
      },
      progressHooks(process.stderr),
    );
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (storedCandles(store, exchange, symbol, timeframe).length > 0) {
      return `download failed (${reason}); running on the stored part of ${wanted}; ${howToFill}`;
    }
    throw new InputError(`no stored ${wanted}, and the download failed: ${reason}; ${howToFill}`);
  }
  const after = storedCandles(store, exchange, symbol, timeframe);
  if (after.length === 0) throw new InputError(`the exchange returned no ${wanted}; ${howToFill}`);
  return after.some((s) => covers(s, from, to)) ? undefined : `the exchange had only part of ${wanted}`;
}
