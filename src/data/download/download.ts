import type { Exchange } from 'ccxt';
import { VenueRejectedError, VenueTemporaryError, WallClock } from '../../core/index.js';
import { type MarketStore, seriesLabel } from '../store/index.js';
import {
  DEFAULT_RETRY,
  type DownloadHooks,
  type DownloadKind,
  type DownloadOptions,
  type DownloadReport,
  type SeriesReport,
} from './download.types.js';
import { createExchange, declaredOhlcvLimit, requireMarket } from './exchange.js';
import { type PageTotals, pageThrough } from './pager.js';
import { type RetryContext, isTemporaryVenueError, realSleep, withRetry } from './retry.js';
import { type Job, planSeries, plannedSpans, resolveOptions, skippedReport } from './series-plan.js';
import type { SourceContext } from './sources.js';
import { venueLimits } from './venue-limits.js';

function venueError(exchange: Exchange, what: string, err: unknown): Error {
  const reason = err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
  return isTemporaryVenueError(err)
    ? new VenueTemporaryError(`${exchange.id}: ${what} kept failing (${reason})`, { cause: err })
    : new VenueRejectedError(`${exchange.id}: ${what} failed (${reason})`, { cause: err });
}

async function downloadSeries(kind: DownloadKind, job: Job): Promise<SeriesReport> {
  const skip = skippedReport(kind, job);
  if (skip) return skip;
  const p = await planSeries(kind, job);
  const label = seriesLabel(p.key);
  const before = job.store.span(p.key);
  const spans = plannedSpans(before, p.since, p.to, p.stepMs);
  const totals: PageTotals = { requests: 0, rows: 0, inserted: 0, updated: 0 };
  if (spans.length > 0) {
    const { hooks } = job;
    hooks.onSeriesStart?.({ key: p.key, label });
    const width = spans.reduce((w, s) => w + (s.to - s.from), 0);
    const expectedRows = p.spacingMs && Number.isFinite(width) ? Math.ceil(width / p.spacingMs) : undefined;
    const report = (rows: number, requests: number, fraction: number): void =>
      hooks.onProgress?.({ key: p.key, label, rows, requests, fraction, expectedRows });
    report(0, 0, 0);
    let doneWidth = 0;
    for (const span of spans) {
      const ctx: SourceContext = {
        exchange: job.exchange,
        symbol: job.o.symbol,
        store: job.store,
        label,
        limit: job.pageLimit[kind],
      };
      const previous = span.from > (before.last ?? Infinity) ? (before.last ?? undefined) : undefined;
      const base = { ...totals };
      const t = await pageThrough(p.source(ctx, previous), span, {
        retry: job.retry,
        signal: job.signal,
        onPage: (now, fraction) =>
          report(
            base.rows + now.rows,
            base.requests + now.requests,
            (doneWidth + fraction * (span.to - span.from)) / width,
          ),
      });
      totals.requests += t.requests;
      totals.rows += t.rows;
      totals.inserted += t.inserted;
      totals.updated += t.updated;
      doneWidth += span.to - span.from;
    }
  }
  return {
    kind,
    label,
    key: p.key,
    outcome: spans.length === 0 ? 'up-to-date' : 'downloaded',
    note: p.note,
    ...totals,
    span: job.store.span(p.key),
  };
}

/**
 * Downloads market history for one symbol from a ccxt exchange into the store, page by page, each
 * page stored as it arrives. Resumable: a series already stored continues from its last row (and
 * fills any head before its first row when `since` is earlier). Temporary venue faults are retried
 * with exponential backoff; anything else stops the run with an error naming exchange, symbol,
 * series, endpoint and time. Capabilities the exchange lacks are skipped with a notice.
 */
export async function downloadMarketData(
  store: MarketStore,
  options: DownloadOptions,
  hooks: DownloadHooks = {},
): Promise<DownloadReport> {
  const o = resolveOptions(options);
  const exchange = createExchange(o.exchangeId, {
    baseUrl: options.baseUrl,
    enableRateLimit: options.enableRateLimit,
    rateLimitMs: options.rateLimitMs,
    timeoutMs: options.timeoutMs,
  });
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  let current = `${exchange.id} ${o.symbol}`;
  const retry: RetryContext = {
    policy,
    sleep: (ms) => (hooks.sleep ? hooks.sleep(ms) : realSleep(ms)),
    onRetry: (attempt, delayMs, error) => hooks.onRetry?.({ label: current, attempt, delayMs, error }),
  };
  try {
    try {
      await withRetry(() => exchange.loadMarkets(), retry);
    } catch (err) {
      throw venueError(exchange, 'loading markets', err);
    }
    const market = requireMarket(exchange, o.symbol);
    const limits = venueLimits(exchange.id, declaredOhlcvLimit(exchange, market));
    const job: Job = {
      store,
      exchange,
      market,
      has: { ...exchange.has, ...options.has },
      o,
      limits,
      pageLimit: {
        ...limits.pageLimit,
        ...(options.limit === undefined ? {} : { candles: options.limit, mark: options.limit }),
        ...options.pageLimits,
      },
      now: (options.clock ?? new WallClock()).now(),
      retry,
      hooks,
      signal: options.signal,
    };
    const series: SeriesReport[] = [];
    for (const kind of o.what) {
      current = `${exchange.id} ${o.symbol} ${kind}`;
      const report = await downloadSeries(kind, job);
      hooks.onSeriesEnd?.(report);
      series.push(report);
    }
    return { exchange: exchange.id, symbol: o.symbol, series };
  } finally {
    await exchange.close();
  }
}
