import {
  BinanceError,
  exchangeInfo,
  integer,
  limitParam,
  required as mandatory,
  type Reply,
  selectWindow,
} from '../../../src/exchange-double/index.js';
import type { BinanceKline, DoubleMarketData } from './double.types.js';

/** What every route can see. */
export interface RouteContext {
  readonly data: DoubleMarketData;
  readonly now: (() => number) | undefined;
  readonly fundingIntervalHours: number | null;
}

export type Route = (query: URLSearchParams, ctx: RouteContext) => Reply;

const DAY_MS = 86_400_000;
/** Binance serves open-interest history for about the last 30 days only. */
export const OPEN_INTEREST_HISTORY_MS = 30 * DAY_MS;

const KLINE_INTERVALS = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
];
const OI_PERIODS = ['5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d'];

function checkSymbol(q: URLSearchParams, ctx: RouteContext, required: boolean): void {
  const symbol = required ? mandatory(q, 'symbol') : q.get('symbol');
  if (symbol !== null && symbol !== ctx.data.symbol) throw new BinanceError(400, -1121, 'Invalid symbol.');
}

function klinesFrom(source: 'klines' | 'markPriceKlines'): Route {
  return (q, ctx) => {
    checkSymbol(q, ctx, true);
    const interval = mandatory(q, 'interval');
    if (!KLINE_INTERVALS.includes(interval)) throw new BinanceError(400, -1120, 'Invalid interval.');
    const limit = limitParam(q, 500, 1500);
    const rows: readonly BinanceKline[] = ctx.data[source][interval] ?? [];
    return { status: 200, body: selectWindow(rows, (k) => k[0], q, limit, ctx.now?.()) };
  };
}

const fundingRate: Route = (q, ctx) => {
  checkSymbol(q, ctx, false);
  const limit = limitParam(q, 100, 1000);
  const rows = selectWindow(ctx.data.fundingRates, (r) => r.fundingTime, q, limit, ctx.now?.());
  return { status: 200, body: rows.map((r) => ({ symbol: ctx.data.symbol, ...r })) };
};

/** Lists only symbols whose interval or caps differ from the default, as Binance does. */
const fundingInfo: Route = (_q, ctx) => ({
  status: 200,
  body:
    ctx.fundingIntervalHours === null
      ? []
      : [
          {
            symbol: ctx.data.symbol,
            adjustedFundingRateCap: '0.02000000',
            adjustedFundingRateFloor: '-0.02000000',
            fundingIntervalHours: ctx.fundingIntervalHours,
            disclaimer: false,
          },
        ],
});

const openInterestHist: Route = (q, ctx) => {
  checkSymbol(q, ctx, true);
  const period = mandatory(q, 'period');
  if (!OI_PERIODS.includes(period)) throw new BinanceError(400, -1130, `parameter 'period' is invalid.`);
  const limit = limitParam(q, 30, 500);
  const now = ctx.now?.();
  const start = integer(q, 'startTime');
  if (now !== undefined && start !== undefined && start < now - OPEN_INTEREST_HISTORY_MS)
    throw new BinanceError(400, -1130, `parameter 'startTime' is invalid.`);
  const rows = selectWindow(ctx.data.openInterest, (r) => r.timestamp, q, limit, now);
  return { status: 200, body: rows.map((r) => ({ symbol: ctx.data.symbol, ...r })) };
};

/** Every GET path the double answers. Anything else is a Binance-style 404. */
export const ROUTES: Readonly<Record<string, Route>> = {
  '/fapi/v1/ping': () => ({ status: 200, body: {} }),
  '/fapi/v1/time': (_q, ctx) => ({ status: 200, body: { serverTime: ctx.now?.() ?? Date.now() } }),
  '/fapi/v1/exchangeInfo': (_q, ctx) => ({
    status: 200,
    body: exchangeInfo(ctx.data.symbol, ctx.now?.() ?? Date.now()),
  }),
  '/fapi/v1/klines': klinesFrom('klines'),
  '/fapi/v1/markPriceKlines': klinesFrom('markPriceKlines'),
  '/fapi/v1/fundingRate': fundingRate,
  '/fapi/v1/fundingInfo': fundingInfo,
  '/futures/data/openInterestHist': openInterestHist,
};
