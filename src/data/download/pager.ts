import { NmrbotError, VenueRejectedError, VenueTemporaryError, isoTime } from '../../core/index.js';
import type { UpsertCounts } from '../store/index.js';
import { type RetryContext, isTemporaryVenueError, withRetry } from './retry.js';

/** One paged history endpoint of one series. */
export interface PageSource<T> {
  /** Names exchange, symbol and series, e.g. `binanceusdm NMR/USDT:USDT candles 1m`. */
  readonly label: string;
  /** The ccxt method, for error messages. */
  readonly endpoint: string;
  readonly limit: number;
  /** How far past the newest row of a page the next page starts. */
  readonly stepMs: number;
  /**
   * Set for endpoints that need an explicit end time (Binance openInterestHist): each request asks for
   * [cursor, cursor + windowMs) and an unfilled window means that window is done. Unset: requests are
   * open-ended (`since` + `limit`) and an empty page means the history is exhausted.
   */
  readonly windowMs?: number | undefined;
  timeOf(row: T): number;
  /** One request. `until` is inclusive and only given for windowed sources. */
  fetch(since: number, limit: number, until: number | undefined): Promise<T[]>;
  /** Writes complete rows (sorted, unique, inside the range) to the store. */
  store(rows: T[]): UpsertCounts;
}

/** Times to fetch: `from` inclusive, `to` exclusive; rows at or after `to` are not final or not wanted. */
export interface TimeSpan {
  readonly from: number;
  readonly to: number;
}

export interface PageTotals {
  requests: number;
  rows: number;
  inserted: number;
  updated: number;
}

export interface PagerContext {
  readonly retry: RetryContext;
  readonly signal?: AbortSignal | undefined;
  /** Called after each page with the totals so far and the share of the span covered. */
  readonly onPage?: ((totals: Readonly<PageTotals>, fraction: number) => void) | undefined;
}

/** The user stopped the download; everything fetched before is stored. */
export class DownloadAbortedError extends NmrbotError {
  override readonly name = 'DownloadAbortedError';
  readonly code = 'DOWNLOAD_ABORTED';
}

function sortedUnique<T>(rows: T[], timeOf: (r: T) => number): T[] {
  const sorted = [...rows].sort((a, b) => timeOf(a) - timeOf(b));
  return sorted.filter((r, i) => i === 0 || timeOf(r) !== timeOf(sorted[i - 1] as T));
}

function failure<T>(source: PageSource<T>, cursor: number, totals: PageTotals, err: unknown): Error {
  const what = `${source.label}: ${source.endpoint} from ${isoTime(cursor)}`;
  const kept = `${totals.rows} rows fetched before it are stored; run the same command again to resume`;
  const reason = err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
  return isTemporaryVenueError(err)
    ? new VenueTemporaryError(`${what} kept failing (${reason}); ${kept}`, { cause: err })
    : new VenueRejectedError(`${what} failed (${reason}); ${kept}`, { cause: err });
}

/**
 * Fetches `span` page by page, storing each page before asking for the next, so an interruption keeps
 * everything received. Stops at the end of the span, on an empty open-ended page, or when a page makes
 * no progress.
 */
export async function pageThrough<T>(
  source: PageSource<T>,
  span: TimeSpan,
  ctx: PagerContext,
): Promise<PageTotals> {
  const totals: PageTotals = { requests: 0, rows: 0, inserted: 0, updated: 0 };
  const width = Math.max(1, span.to - span.from);
  let cursor = span.from;
  while (cursor < span.to) {
    if (ctx.signal?.aborted)
      throw new DownloadAbortedError(
        `${source.label}: stopped at ${isoTime(cursor)}; ${totals.rows} rows from this run are stored`,
      );
    const windowEnd =
      source.windowMs === undefined ? undefined : Math.min(cursor + source.windowMs, span.to) - 1;
    const since = cursor;
    let page: T[];
    try {
      page = await withRetry(() => source.fetch(since, source.limit, windowEnd), ctx.retry);
    } catch (err) {
      throw failure(source, cursor, totals, err);
    }
    totals.requests++;
    const rows = sortedUnique(
      page.filter((r) => source.timeOf(r) >= cursor && source.timeOf(r) < span.to),
      (r) => source.timeOf(r),
    );
    if (rows.length > 0) {
      const counts = source.store(rows);
      totals.rows += rows.length;
      totals.inserted += counts.inserted;
      totals.updated += counts.updated;
    }
    const newest = page.reduce((m, r) => Math.max(m, source.timeOf(r)), -Infinity);
    if (windowEnd !== undefined) {
      cursor = page.length >= source.limit && newest >= cursor ? newest + source.stepMs : windowEnd + 1;
    } else {
      if (page.length === 0 || newest < cursor) break;
      cursor = newest + source.stepMs;
    }
    ctx.onPage?.(totals, Math.min(1, (Math.min(cursor, span.to) - span.from) / width));
  }
  return totals;
}
