import type { Exchange } from 'ccxt';
import { type EpochMs, HOUR_MS, type Timeframe, timeframeMs } from '../core/index.js';
import type { Candle } from '../data/index.js';
import type { FundingRateEvent } from '../strategy/index.js';
import type { MarketEvent } from './market-event.types.js';

export interface CcxtMarketFeedOptions {
  /** ccxt unified symbol, e.g. `NMR/USDT:USDT`. */
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Open time of the first bar wanted (the warm-up start). */
  readonly since: EpochMs;
  /** Time between polls once caught up. */
  readonly pollMs: number;
  /** Candles per request while catching up (Binance serves up to 1,500). */
  readonly pageSize?: number;
  readonly signal?: AbortSignal | undefined;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A failed poll is reported here and retried at the next poll (nothing is skipped). */
  readonly onError?: (error: unknown) => void;
}

type Ohlcv = readonly (number | undefined)[];

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Closed bars and funding settlements from a ccxt exchange over REST, in order, for as long as the
 * signal allows. A bar counts as closed once the exchange serves a later one (klines include the bar
 * forming now), so a bar is never handed over before its close nor twice; a gap in what the exchange
 * answers is asked for again from the last bar handed over. Settlements are fetched before the bars of
 * each poll so that the session has them before it steps the bar they fall in.
 */
export async function* ccxtMarketEvents(
  exchange: Exchange,
  o: CcxtMarketFeedOptions,
): AsyncGenerator<MarketEvent> {
  const tfMs = timeframeMs(o.timeframe);
  const sleep = o.sleep ?? defaultSleep;
  let nextOpen: number = o.since;
  let lastClose = NaN;
  let lastFunding: number | undefined;
  let pending: FundingRow[] = [];
  while (!o.signal?.aborted) {
    let caughtUp = true;
    try {
      const fresh = await fetchFundingRows(exchange, o.symbol, lastFunding ?? o.since);
      pending = [...pending, ...fresh.filter((r) => r.time > (lastFunding ?? -Infinity))];
      if (fresh.length > 0) lastFunding = (fresh[fresh.length - 1] as FundingRow).time;
      const rows = (await exchange.fetchOHLCV(
        o.symbol,
        o.timeframe,
        nextOpen,
        o.pageSize ?? 1500,
      )) as Ohlcv[];
      const candles = rows.map(candleOf).filter((c) => c.openTime >= nextOpen);
      // The last row is the bar forming now (or the newest the exchange has): not closed yet.
      const closed = candles.slice(0, -1);
      for (const candle of closed) {
        if (o.signal?.aborted) return;
        const close = candle.openTime + tfMs;
        const due = pending.filter((r) => r.time <= close);
        if (due.length > 0) {
          pending = pending.slice(due.length);
          // The mark at a settlement: the last close before it (the bar's open for the first bar).
          const mark = Number.isFinite(lastClose) ? lastClose : candle.open;
          yield { kind: 'funding', events: due.map((r) => settlementOf(o.symbol, r, mark)) };
        }
        yield { kind: 'bar', candle };
        lastClose = candle.close;
        nextOpen = close;
      }
      caughtUp = closed.length < (o.pageSize ?? 1500) - 1;
    } catch (error) {
      if (o.signal?.aborted) return;
      o.onError?.(error);
    }
    if (caughtUp) await sleep(o.pollMs);
  }
}

function candleOf(row: Ohlcv): Candle {
  const [t, open, high, low, close, volume] = row;
  return {
    openTime: (t ?? NaN) as EpochMs,
    open: open ?? NaN,
    high: high ?? NaN,
    low: low ?? NaN,
    close: close ?? NaN,
    volume: volume ?? 0,
  };
}

interface FundingRow {
  readonly time: number;
  readonly rate: number;
  readonly intervalHours: number;
  /** The venue's mark price at the settlement, when it sends one. */
  readonly markPrice: number | undefined;
}

/** Settlements from `since`, oldest first; the interval is the gap to the previous one (8 h for the first). */
async function fetchFundingRows(exchange: Exchange, symbol: string, since: number): Promise<FundingRow[]> {
  if (!exchange.has['fetchFundingRateHistory']) return [];
  const rows = await exchange.fetchFundingRateHistory(symbol, since, 1000);
  const out: FundingRow[] = [];
  let prev: number | undefined;
  for (const r of rows) {
    const time = r.timestamp;
    const rate = r.fundingRate;
    if (time === undefined || rate === undefined || time < since) continue;
    const info = r.info as { markPrice?: string } | undefined;
    const mark = Number(info?.markPrice);
    out.push({
      time,
      rate,
      intervalHours: prev === undefined ? 8 : Math.max(1, Math.round((time - prev) / HOUR_MS)),
      markPrice: info?.markPrice && Number.isFinite(mark) && mark > 0 ? mark : undefined,
    });
    prev = time;
  }
  return out;
}

function settlementOf(symbol: string, r: FundingRow, lastClose: number): FundingRateEvent {
  return {
    symbol,
    time: r.time as EpochMs,
    rate: r.rate,
    intervalHours: r.intervalHours,
    rate8h: (r.rate * 8) / r.intervalHours,
    markPrice: r.markPrice ?? lastClose,
    source: 'real',
  };
}
