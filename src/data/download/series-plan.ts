import ccxt, { type Exchange, type MarketInterface as Market } from 'ccxt';
import { HOUR_MS, InputError, type Timeframe, isTimeframe, isoTime, timeframeMs } from '../../core/index.js';
import type { MarketStore, SeriesKey, SeriesSpan } from '../store/index.js';
import {
  DOWNLOAD_KINDS,
  type DownloadHooks,
  type DownloadKind,
  type DownloadOptions,
  type SeriesReport,
} from './download.types.js';
import type { PageSource, TimeSpan } from './pager.js';
import { type RetryContext, withRetry } from './retry.js';
import { type SourceContext, candleSource, fundingSource, openInterestSource } from './sources.js';
import { CONTRACT_ONLY, KIND_CAPABILITY, type VenueLimits, hasCapability } from './venue-limits.js';

/**
 * Planning a download: defaults, where each series resumes, what the venue allows (history windows,
 * capabilities) and which rows are final at `now`.
 */

/** Download options with every default applied. */
export interface Resolved {
  readonly exchangeId: string;
  readonly symbol: string;
  readonly what: readonly DownloadKind[];
  readonly since: number;
  readonly until: number;
  readonly timeframe: Timeframe;
  readonly markTimeframe: Timeframe;
  readonly oiPeriod: Timeframe;
}

/** Everything one series download needs. */
export interface Job {
  readonly store: MarketStore;
  readonly exchange: Exchange;
  readonly market: Market;
  /** `exchange.has` with the caller's overrides on top. */
  readonly has: Readonly<Record<string, unknown>>;
  readonly o: Resolved;
  readonly limits: VenueLimits;
  /** Rows per request for each kind. */
  readonly pageLimit: Readonly<Record<DownloadKind, number>>;
  readonly now: number;
  readonly retry: RetryContext;
  readonly hooks: DownloadHooks;
  readonly signal: AbortSignal | undefined;
}

/** Applies defaults and refuses options that cannot work, naming the flag. */
export function resolveOptions(options: DownloadOptions): Resolved {
  const what = [...new Set(options.what ?? DOWNLOAD_KINDS)];
  if (what.length === 0) throw new InputError('nothing to download: --what lists no series');
  if (!Number.isFinite(options.since)) throw new InputError('--since is not a time');
  const until = options.until ?? Infinity;
  if (until <= options.since)
    throw new InputError(`--until ${isoTime(until)} is not after --since ${isoTime(options.since)}`);
  for (const [name, n] of [['limit', options.limit], ...Object.entries(options.pageLimits ?? {})] as const) {
    if (n !== undefined && !(Number.isInteger(n) && n > 0))
      throw new InputError(`page limit ${name} must be a positive whole number, not ${n}`);
  }
  const timeframe = options.timeframe ?? '1m';
  return {
    exchangeId: options.exchange ?? 'binanceusdm',
    symbol: options.symbol ?? 'NMR/USDT:USDT',
    what,
    since: options.since,
    until,
    timeframe,
    markTimeframe: options.markTimeframe ?? timeframe,
    oiPeriod: options.oiPeriod ?? '5m',
  };
}

/** Where the store says a series should continue: a head before what is stored, then the tail. */
export function plannedSpans(span: SeriesSpan, since: number, to: number, stepMs: number): TimeSpan[] {
  if (span.first === null || span.last === null) return since < to ? [{ from: since, to }] : [];
  const spans: TimeSpan[] = [];
  if (since < span.first) spans.push({ from: since, to: Math.min(span.first, to) });
  spans.push({ from: Math.max(since, span.last + stepMs), to });
  return spans.filter((s) => s.from < s.to);
}

function requireTimeframe(exchange: Exchange, tf: Timeframe, what: string): void {
  const offered = Object.keys(exchange.timeframes ?? {});
  if (offered.length > 0 && !offered.includes(tf))
    throw new InputError(`${exchange.id} has no ${tf} ${what} (it offers ${offered.join(', ')})`);
}

/** The funding interval the venue states for the symbol now, if it states one. */
async function statedFundingHours(job: Job): Promise<number | undefined> {
  const { exchange, o } = job;
  try {
    if (hasCapability(job.has, 'fetchFundingInterval')) {
      const info = await withRetry(() => exchange.fetchFundingInterval(o.symbol), job.retry);
      const interval = (info as { interval?: unknown }).interval;
      if (typeof interval === 'string' && isTimeframe(interval)) return timeframeMs(interval) / HOUR_MS;
    }
  } catch (err) {
    if (err instanceof Error && !(err instanceof ccxt.NullResponse)) {
      job.hooks.onNotice?.(
        `${exchange.id} ${o.symbol}: could not read the funding interval (${err.message})`,
      );
    }
  }
  job.hooks.onNotice?.(
    `${exchange.id} states no funding interval for ${o.symbol}: intervals are inferred from settlement spacing`,
  );
  return undefined;
}

/** How one series is fetched: its key, time range, paging step and source. */
export interface Plan {
  readonly key: SeriesKey;
  /** The first time to fetch after any venue history cap. */
  readonly since: number;
  /** Exclusive end: later rows are not final yet or not wanted. */
  readonly to: number;
  readonly stepMs: number;
  /** Spacing of rows when known, for the expected row count. */
  readonly spacingMs: number | undefined;
  readonly note?: string | undefined;
  source(ctx: SourceContext, previous: number | undefined): PageSource<unknown>;
}

export async function planSeries(kind: DownloadKind, job: Job): Promise<Plan> {
  const { exchange, o, now } = job;
  const base = { exchange: exchange.id, symbol: o.symbol };
  if (kind === 'candles' || kind === 'mark') {
    const tf = kind === 'mark' ? o.markTimeframe : o.timeframe;
    requireTimeframe(exchange, tf, 'candles');
    const step = timeframeMs(tf);
    return {
      key: { ...base, kind, timeframe: tf },
      since: o.since,
      // A bar is complete once openTime + timeframe <= now: the forming bar is never stored.
      to: Math.min(o.until, now - step + 1),
      stepMs: step,
      spacingMs: step,
      source: (ctx) => candleSource(ctx, { ...base, kind, timeframe: tf }, tf),
    };
  }
  if (kind === 'funding') {
    const hours = await statedFundingHours(job);
    const key: SeriesKey = { ...base, kind };
    return {
      key,
      since: o.since,
      to: Math.min(o.until, now + 1),
      stepMs: 1,
      spacingMs: hours === undefined ? undefined : hours * HOUR_MS,
      source: (ctx, previous) => fundingSource(ctx, key, hours, previous),
    };
  }
  requireTimeframe(exchange, o.oiPeriod, 'open-interest period');
  const period = timeframeMs(o.oiPeriod);
  const key: SeriesKey = { ...base, kind, timeframe: o.oiPeriod };
  const history = job.limits.historyMs.oi;
  let since = o.since;
  let note: string | undefined;
  if (history !== undefined) {
    // An hour inside the venue's window, on the period grid, so the first request is not refused.
    const earliest = Math.ceil((now - history + HOUR_MS) / period) * period;
    if (since < earliest) {
      note = `${exchange.id} serves open interest for only the last ${Math.round(history / 86_400_000)} days: fetching from ${isoTime(earliest)}, not ${isoTime(since)}`;
      job.hooks.onNotice?.(note);
      since = earliest;
    }
  }
  return {
    key,
    since,
    to: Math.min(o.until, now + 1),
    stepMs: 1,
    spacingMs: period,
    note,
    source: (ctx) => openInterestSource(ctx, key, o.oiPeriod),
  };
}

/** A report for a kind the market or exchange cannot give, after telling the user why. */
export function skippedReport(kind: DownloadKind, job: Job): SeriesReport | undefined {
  const { exchange, market, o } = job;
  const label = `${exchange.id} ${o.symbol} ${kind}`;
  const capability = KIND_CAPABILITY[kind];
  let note: string | undefined;
  if (CONTRACT_ONLY.has(kind) && market.contract !== true)
    note = `${o.symbol} on ${exchange.id} is not a contract market, so it has no ${kind} history`;
  else if (!hasCapability(job.has, capability))
    note = `${exchange.id} does not offer ${capability} in ccxt ${ccxt.version}: ${kind} skipped`;
  if (note === undefined) return undefined;
  job.hooks.onNotice?.(note);
  return { kind, label, outcome: 'skipped', note, requests: 0, rows: 0, inserted: 0, updated: 0 };
}
