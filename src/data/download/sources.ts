import type { Exchange } from 'ccxt';
import {
  type EpochMs,
  HOUR_MS,
  MINUTE_MS,
  type Timeframe,
  VenueRejectedError,
  isoTime,
  timeframeMs,
} from '../../core/index.js';
import { type Candle, CandleSeries, type FundingEvent, type OpenInterestPoint } from '../series/index.js';
import type { MarketStore, SeriesKey, SeriesMeta } from '../store/index.js';
import type { PageSource } from './pager.js';

/** What every source needs: the exchange, the symbol, the store and the page size. */
export interface SourceContext {
  readonly exchange: Exchange;
  readonly symbol: string;
  readonly store: MarketStore;
  readonly label: string;
  readonly limit: number;
}

const meta = (exchange: Exchange, endpoint: string): SeriesMeta => ({
  synthetic: false,
  source: `ccxt ${exchange.id} ${endpoint}`,
});

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function rejected(ctx: SourceContext, what: string): VenueRejectedError {
  return new VenueRejectedError(`${ctx.exchange.id} returned ${what} for ${ctx.symbol}`);
}

/** Trade candles (`fetchOHLCV`) or mark-price candles (`fetchMarkOHLCV`) of one timeframe. */
export function candleSource(ctx: SourceContext, key: SeriesKey, tf: Timeframe): PageSource<Candle> {
  const mark = key.kind === 'mark';
  const endpoint = mark ? 'fetchMarkOHLCV' : 'fetchOHLCV';
  return {
    label: ctx.label,
    endpoint,
    limit: ctx.limit,
    stepMs: timeframeMs(tf),
    timeOf: (c) => c.openTime,
    async fetch(since, limit) {
      const rows = mark
        ? await ctx.exchange.fetchMarkOHLCV(ctx.symbol, tf, since, limit)
        : await ctx.exchange.fetchOHLCV(ctx.symbol, tf, since, limit);
      return rows.map(([t, o, h, l, c, v]) => {
        if (t === undefined || [o, h, l, c].some((p) => num(p) === undefined))
          throw rejected(ctx, `a ${tf} bar without a time or price (${isoTime(t ?? NaN)})`);
        // Mark candles carry no volume; a venue that omits trade volume gets 0, never a guess.
        const volume = mark ? 0 : (num(v) ?? 0);
        return { openTime: t as EpochMs, open: o ?? 0, high: h ?? 0, low: l ?? 0, close: c ?? 0, volume };
      });
    },
    store: (rows) =>
      ctx.store.upsertCandles(key, CandleSeries.fromCandles(tf, rows), meta(ctx.exchange, endpoint)),
  };
}

/** Settlements whose spacing differs from an interval by less than this still count as on it. */
const SPACING_TOLERANCE_MS = 2 * MINUTE_MS;

/**
 * Stamps the venue's stated funding interval on settlements whose spacing agrees with it. The
 * statement describes the interval in force now, so older settlements on another interval (NMR moved
 * from 8 h to 4 h) stay unstamped and `FundingSeries` infers theirs. `previous` is the time of the
 * settlement before `events[0]`, if stored; the very first settlement is judged by the next one.
 */
export function stampStatedInterval(
  events: readonly FundingEvent[],
  statedHours: number | undefined,
  previous: number | undefined,
): FundingEvent[] {
  if (statedHours === undefined) return [...events];
  const agrees = (a: number | undefined, b: number | undefined): boolean =>
    a !== undefined && b !== undefined && Math.abs(b - a - statedHours * HOUR_MS) <= SPACING_TOLERANCE_MS;
  return events.map((e, i) => {
    const before = i === 0 ? previous : events[i - 1]?.time;
    const ok = before === undefined ? agrees(e.time, events[i + 1]?.time) : agrees(before, e.time);
    return ok ? { ...e, intervalHours: statedHours } : e;
  });
}

/** Funding settlements (`fetchFundingRateHistory`), stamped with the stated interval where it fits. */
export function fundingSource(
  ctx: SourceContext,
  key: SeriesKey,
  statedHours: number | undefined,
  previous: number | undefined,
): PageSource<FundingEvent> {
  let last = previous;
  return {
    label: ctx.label,
    endpoint: 'fetchFundingRateHistory',
    limit: ctx.limit,
    stepMs: 1,
    timeOf: (e) => e.time,
    async fetch(since, limit) {
      const rows = await ctx.exchange.fetchFundingRateHistory(ctx.symbol, since, limit);
      return rows.map((r) => {
        const rate = num(r.fundingRate);
        if (r.timestamp === undefined || rate === undefined)
          throw rejected(ctx, `a funding settlement without a time or rate (${isoTime(r.timestamp ?? NaN)})`);
        // ccxt does not unify the settlement mark price; Binance sends it raw as `markPrice`.
        const info = r.info as Record<string, unknown> | undefined;
        const markPrice = num(info?.['markPrice']);
        return {
          time: r.timestamp as EpochMs,
          rate,
          markPrice: markPrice && markPrice > 0 ? markPrice : undefined,
        };
      });
    },
    store(rows) {
      const stamped = stampStatedInterval(rows, statedHours, last);
      last = rows[rows.length - 1]?.time ?? last;
      return ctx.store.upsertFunding(key, stamped, meta(ctx.exchange, 'fetchFundingRateHistory'));
    },
  };
}

/** Open-interest history (`fetchOpenInterestHistory`) sampled every `period`; asked window by window. */
export function openInterestSource(
  ctx: SourceContext,
  key: SeriesKey,
  period: Timeframe,
): PageSource<OpenInterestPoint> {
  return {
    label: ctx.label,
    endpoint: 'fetchOpenInterestHistory',
    limit: ctx.limit,
    stepMs: 1,
    // A window of `limit` periods holds at most one page of on-grid rows (its end is exclusive).
    windowMs: ctx.limit * timeframeMs(period),
    timeOf: (p) => p.time,
    async fetch(since, limit, until) {
      const rows = await ctx.exchange.fetchOpenInterestHistory(ctx.symbol, period, since, limit, { until });
      return rows.map((r) => {
        const amount = num(r.openInterestAmount);
        if (r.timestamp === undefined || amount === undefined)
          throw rejected(
            ctx,
            `an open-interest row without a time or amount (${isoTime(r.timestamp ?? NaN)})`,
          );
        return { time: r.timestamp as EpochMs, amount, value: num(r.openInterestValue) };
      });
    },
    store: (rows) => ctx.store.upsertOpenInterest(key, rows, meta(ctx.exchange, 'fetchOpenInterestHistory')),
  };
}
