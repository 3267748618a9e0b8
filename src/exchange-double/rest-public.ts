import { type Timeframe, isTimeframe, timeframeMs } from '../core/index.js';
import { type Candle, CandleSeries, resample } from '../data/index.js';
import { binanceErrors } from './binance-error.js';
import type { ExchangeEngine } from './exchange-engine.js';
import { exchangeInfo } from './exchange-info.js';
import { ticker24h } from './ticker.js';
import { integer, limitParam, required, selectWindow } from './rest-params.js';
import { formatDecimal, money } from './wire-format.js';

/** What a REST handler sees. `serverTime` is the double's wall clock (signatures, `/fapi/v1/time`). */
export interface RestContext {
  readonly engine: ExchangeEngine;
  readonly params: URLSearchParams;
  readonly serverTime: number;
}

export type Handler = (ctx: RestContext) => unknown;

function checkSymbol(ctx: RestContext, mandatory: boolean): void {
  const symbol = mandatory ? required(ctx.params, 'symbol') : ctx.params.get('symbol');
  if (symbol !== null && symbol !== ctx.engine.instrument.symbol) throw binanceErrors.invalidSymbol();
}

/** A kline row; quote volume is DERIVED as volume x close (the stored candles have base volume only). */
function klineRow(c: Candle, tfMs: number): unknown[] {
  const v = formatDecimal(c.volume);
  const quote = money(c.volume * c.close);
  const p = formatDecimal;
  return [
    c.openTime,
    p(c.open),
    p(c.high),
    p(c.low),
    p(c.close),
    v,
    c.openTime + tfMs - 1,
    quote,
    0,
    '0',
    '0',
    '0',
  ];
}

/**
 * Klines as visible now: closed bars whole, the forming bar with its open only. Intervals longer than the
 * replayed timeframe are resampled from the visible bars; shorter ones do not exist (-1120).
 */
const klines: Handler = (ctx) => {
  checkSymbol(ctx, true);
  const interval = required(ctx.params, 'interval');
  const replay = ctx.engine.replay;
  const source = replay.series;
  if (
    !isTimeframe(interval) ||
    timeframeMs(interval) < source.timeframeMs ||
    timeframeMs(interval) % source.timeframeMs
  )
    throw binanceErrors.invalidInterval();
  const limit = limitParam(ctx.params, 500, 1500);
  const tfMs = timeframeMs(interval);
  const ratio = tfMs / source.timeframeMs;
  const start = integer(ctx.params, 'startTime');
  const end = integer(ctx.params, 'endTime');
  // Only the source bars that can hold the answer (at most limit + 1 intervals of them), up to the forming bar.
  const span = (limit + 1) * ratio;
  const last = replay.formingIndex;
  const endIndex = end === undefined ? last : Math.min(last, source.lowerBound(end + 1) - 1 + ratio);
  const from =
    start === undefined ? Math.max(0, endIndex - span) : source.lowerBound(Math.floor(start / tfMs) * tfMs);
  const to = start === undefined ? endIndex : Math.min(endIndex, from + span);
  const bars: Candle[] = [];
  for (let i = from; i <= Math.min(to, last); i++) {
    const bar = replay.visible(i);
    if (bar) bars.push(bar);
  }
  const series =
    ratio === 1
      ? CandleSeries.fromCandles(source.timeframe, bars)
      : resampled(bars, source.timeframe, interval);
  const rows = selectWindow([...series], (c) => c.openTime, ctx.params, limit, undefined);
  return rows.map((c) => klineRow(c, tfMs));
};

function resampled(bars: Candle[], from: Timeframe, to: Timeframe): CandleSeries {
  return resample(CandleSeries.fromCandles(from, bars), to).series;
}

const depth: Handler = (ctx) => {
  checkSymbol(ctx, true);
  const limit = limitParam(ctx.params, 500, 1000);
  const book = ctx.engine.book.snapshot(limit);
  const t = ctx.engine.now();
  return { lastUpdateId: book.updateId, E: t, T: t, bids: book.bids, asks: book.asks };
};

const premiumIndex: Handler = (ctx) => {
  checkSymbol(ctx, false);
  const e = ctx.engine;
  const now = e.now();
  const mark = formatDecimal(e.replay.lastPrice);
  const row = {
    symbol: e.instrument.symbol,
    markPrice: mark,
    indexPrice: mark,
    estimatedSettlePrice: mark,
    lastFundingRate: e.funding.lastRate(now).toFixed(8),
    interestRate: '0.00010000',
    nextFundingTime: e.funding.nextTime(now),
    time: now,
  };
  return ctx.params.get('symbol') === null ? [row] : row;
};

const fundingRate: Handler = (ctx) => {
  checkSymbol(ctx, false);
  const limit = limitParam(ctx.params, 100, 1000);
  const now = ctx.engine.now();
  const rows = selectWindow(ctx.engine.funding.visible(now), (s) => s.time, ctx.params, limit, now);
  return rows.map((s) => ({
    symbol: ctx.engine.instrument.symbol,
    fundingTime: s.time,
    fundingRate: s.rate.toFixed(8),
    markPrice: s.markPrice === undefined ? '' : s.markPrice.toFixed(8),
  }));
};

const fundingInfo: Handler = (ctx) => [
  {
    symbol: ctx.engine.instrument.symbol,
    adjustedFundingRateCap: '0.02000000',
    adjustedFundingRateFloor: '-0.02000000',
    fundingIntervalHours: ctx.engine.funding.intervalHours(ctx.engine.now()),
    disclaimer: false,
  },
];

const oneOrAll =
  (row: (ctx: RestContext) => Record<string, unknown>): Handler =>
  (ctx) => {
    checkSymbol(ctx, false);
    return ctx.params.get('symbol') === null ? [row(ctx)] : row(ctx);
  };

/** Public GET endpoints (no key, no signature). */
export const PUBLIC_ROUTES: Readonly<Record<string, Handler>> = {
  '/fapi/v1/ping': () => ({}),
  '/fapi/v1/time': (ctx) => ({ serverTime: ctx.serverTime }),
  '/fapi/v1/exchangeInfo': (ctx) =>
    exchangeInfo(ctx.engine.instrument.symbol, ctx.serverTime, ctx.engine.instrument),
  '/fapi/v1/klines': klines,
  '/fapi/v1/markPriceKlines': klines,
  '/fapi/v1/indexPriceKlines': klines,
  '/fapi/v1/depth': depth,
  '/fapi/v1/premiumIndex': premiumIndex,
  '/fapi/v1/fundingRate': fundingRate,
  '/fapi/v1/fundingInfo': fundingInfo,
  '/fapi/v1/ticker/24hr': oneOrAll((ctx) => ticker24h(ctx.engine)),
  '/fapi/v1/ticker/price': oneOrAll((ctx) => ({
    symbol: ctx.engine.instrument.symbol,
    price: formatDecimal(ctx.engine.replay.lastPrice),
    time: ctx.engine.now(),
  })),
  '/fapi/v2/ticker/price': oneOrAll((ctx) => ({
    symbol: ctx.engine.instrument.symbol,
    price: formatDecimal(ctx.engine.replay.lastPrice),
    time: ctx.engine.now(),
  })),
  '/fapi/v1/ticker/bookTicker': oneOrAll((ctx) => {
    const b = ctx.engine.book.snapshot(1);
    return {
      symbol: ctx.engine.instrument.symbol,
      bidPrice: b.bids[0]?.[0] ?? '0',
      bidQty: b.bids[0]?.[1] ?? '0',
      askPrice: b.asks[0]?.[0] ?? '0',
      askQty: b.asks[0]?.[1] ?? '0',
      time: ctx.engine.now(),
    };
  }),
};
