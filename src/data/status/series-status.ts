import { HOUR_MS, isoTime, timeframeMs } from '../../core/index.js';
import { FundingSeries } from '../series/index.js';
import type { MarketStore, SeriesInfo } from '../store/index.js';
import { gridGaps } from './grid-gaps.js';

/** Gaps listed per series in a status; the counts are exact. */
export const LISTED_GAPS = 50;

export interface StatusGap {
  /** First missing time (ISO). */
  readonly from: string;
  /** Last missing time (ISO). */
  readonly to: string;
  readonly missing: number;
}

export interface FundingInterval {
  readonly intervalHours: number;
  readonly from: string;
  readonly to: string;
  readonly events: number;
}

/** What `nmrbot data status` says about one stored series. */
export interface SeriesStatus {
  readonly exchange: string;
  readonly symbol: string;
  readonly kind: SeriesInfo['kind'];
  readonly timeframe: string | null;
  readonly synthetic: boolean;
  readonly source: string | null;
  readonly rows: number;
  readonly first: string | null;
  readonly last: string | null;
  /** Candles and mark: missing open times on the timeframe grid; funding: missed settlements. */
  readonly gaps: { readonly count: number; readonly missing: number; readonly list: readonly StatusGap[] };
  /** Funding series: stretches sharing one settlement interval. */
  readonly fundingIntervals?: readonly FundingInterval[];
  /** Candle and mark series: share of [first open, last close) covered by real funding settlements. */
  readonly fundingCoverage?: number;
}

/** The status of every stored series, in the store's order (exchange, symbol, kind, timeframe). */
export function collectSeriesStatus(store: MarketStore): SeriesStatus[] {
  const all = store.listSeries();
  const fundingOf = new Map<string, FundingSeries>();
  const realFunding = (info: SeriesInfo): FundingSeries | undefined => {
    const key = `${info.exchange}\u0000${info.symbol}`;
    if (!fundingOf.has(key)) {
      const f = all.find(
        (s) =>
          s.kind === 'funding' && !s.synthetic && s.exchange === info.exchange && s.symbol === info.symbol,
      );
      if (f) fundingOf.set(key, store.loadFunding(f));
    }
    return fundingOf.get(key);
  };
  return all.map((info) => statusOf(store, info, realFunding));
}

function statusOf(
  store: MarketStore,
  info: SeriesInfo,
  realFunding: (info: SeriesInfo) => FundingSeries | undefined,
): SeriesStatus {
  const span = store.span(info);
  const base = {
    exchange: info.exchange,
    symbol: info.symbol,
    kind: info.kind,
    timeframe: info.timeframe ?? null,
    synthetic: info.synthetic,
    source: info.source,
    rows: span.rows,
    first: span.first === null ? null : isoTime(span.first),
    last: span.last === null ? null : isoTime(span.last),
  };
  if (info.kind === 'funding') {
    const funding = store.loadFunding(info);
    const gaps = funding.gaps();
    return {
      ...base,
      gaps: summarize(
        gaps.map((g) => ({
          from: g.after + hoursOf(funding, g.before),
          to: g.before - hoursOf(funding, g.before),
          missing: g.missing,
        })),
      ),
      fundingIntervals: funding.segments().map((s) => ({
        intervalHours: s.intervalHours,
        from: isoTime(s.from),
        to: isoTime(s.to),
        events: s.events,
      })),
    };
  }
  if (info.kind === 'oi') {
    const times = store.loadOpenInterest(info).map((p) => p.time);
    return { ...base, gaps: summarize(info.timeframe ? gridGaps(times, timeframeMs(info.timeframe)) : []) };
  }
  const candles = store.loadCandles(info);
  const gaps = gridGaps(candles.openTime, candles.timeframeMs);
  const coverage =
    candles.length === 0
      ? 0
      : (realFunding(info)?.coverage(candles.time(0), candles.closeTime(candles.length - 1)) ?? 0);
  return { ...base, gaps: summarize(gaps), fundingCoverage: coverage };
}

/** The interval (ms) in force at a settlement time. */
function hoursOf(funding: FundingSeries, time: number): number {
  const i = funding.events.findIndex((e) => e.time === time);
  return (funding.intervalHours[i] ?? 8) * HOUR_MS;
}

function summarize(gaps: readonly { from: number; to: number; missing: number }[]): SeriesStatus['gaps'] {
  return {
    count: gaps.length,
    missing: gaps.reduce((s, g) => s + g.missing, 0),
    list: gaps
      .slice(0, LISTED_GAPS)
      .map((g) => ({ from: isoTime(g.from), to: isoTime(g.to), missing: g.missing })),
  };
}
