import type { Clock, EpochMs, Timeframe } from '../../core/index.js';
import type { SeriesKey, SeriesSpan } from '../store/index.js';

/** What `downloadMarketData` can fetch; each maps to one ccxt capability (see `KIND_CAPABILITY`). */
export const DOWNLOAD_KINDS = ['candles', 'funding', 'mark', 'oi'] as const;
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];

export function isDownloadKind(value: string): value is DownloadKind {
  return (DOWNLOAD_KINDS as readonly string[]).includes(value);
}

/** Exponential backoff for temporary venue faults: delay = min(max, base x 2^(try-1)). */
export interface RetryPolicy {
  /** Attempts per request, the first included. */
  readonly tries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };

export interface DownloadOptions {
  /** ccxt exchange id; default `binanceusdm`. */
  readonly exchange?: string;
  /** ccxt unified symbol; default `NMR/USDT:USDT`. */
  readonly symbol?: string;
  /** Series to fetch, in this order; default candles, funding, mark, oi. */
  readonly what?: readonly DownloadKind[];
  /** First time wanted (inclusive). A series already stored continues from where it ends. */
  readonly since: EpochMs;
  /** End of the range (exclusive); default now. */
  readonly until?: EpochMs | undefined;
  /** Candle timeframe; default 1m. */
  readonly timeframe?: Timeframe;
  /** Mark-price candle timeframe; default `timeframe`. */
  readonly markTimeframe?: Timeframe | undefined;
  /** Open-interest sampling period; default 5m. */
  readonly oiPeriod?: Timeframe;
  /**
   * Candles per request (trade and mark); default ccxt's declared per-call maximum for the market
   * (500 for binanceusdm; its klines endpoint takes up to 1500, ccxt sends at most 1000).
   */
  readonly limit?: number | undefined;
  /** Rows per request for any kind, over `limit` and the venue defaults (see `venueLimits`). */
  readonly pageLimits?: Readonly<Partial<Record<DownloadKind, number>>> | undefined;
  /** Replaces scheme and host of every URL under `exchange.urls.api` (a proxy or a local double). */
  readonly baseUrl?: string | undefined;
  /** ccxt's own request spacing; default true. Turn off only against a local double. */
  readonly enableRateLimit?: boolean;
  /** Overrides ccxt's `rateLimit` (ms between requests of weight 1). */
  readonly rateLimitMs?: number | undefined;
  /** Per-request timeout (ms); default ccxt's 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Overrides of `exchange.has` for venues whose declared capabilities are wrong (or to skip one):
   * `{ fetchOpenInterestHistory: false }`.
   */
  readonly has?: Readonly<Record<string, boolean>> | undefined;
  /** Source of "now": decides which bars are complete; default the wall clock. */
  readonly clock?: Clock;
  /** Stops the download between pages; what was stored stays stored. */
  readonly signal?: AbortSignal;
}

/** Emitted after every page, and once at the start of each fetched range. */
export interface SeriesProgress {
  readonly key: SeriesKey;
  readonly label: string;
  /** Rows received and stored so far for this series in this run. */
  readonly rows: number;
  readonly requests: number;
  /** Share of this run's time range covered, 0..1. */
  readonly fraction: number;
  /** Rows the whole range should hold if it has no gaps, when the spacing is known. */
  readonly expectedRows?: number | undefined;
}

export type SeriesOutcome = 'downloaded' | 'up-to-date' | 'skipped';

export interface SeriesReport {
  readonly kind: DownloadKind;
  readonly label: string;
  readonly key?: SeriesKey | undefined;
  readonly outcome: SeriesOutcome;
  /** Why a series was skipped, or what limited it (e.g. a venue's history window). */
  readonly note?: string | undefined;
  readonly requests: number;
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  /** The stored series after this run. */
  readonly span?: SeriesSpan | undefined;
}

export interface DownloadReport {
  readonly exchange: string;
  readonly symbol: string;
  readonly series: readonly SeriesReport[];
}

export interface RetryNotice {
  readonly label: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: Error;
}

/** Observers and injectable effects; every member is optional. */
export interface DownloadHooks {
  onSeriesStart?(info: { readonly key: SeriesKey; readonly label: string }): void;
  onProgress?(progress: SeriesProgress): void;
  onSeriesEnd?(report: SeriesReport): void;
  /** Human-readable facts worth telling the user (skipped capability, history window, interval). */
  onNotice?(message: string): void;
  onRetry?(notice: RetryNotice): void;
  /** Waits between retries; default a real timer. Tests pass a no-op. */
  sleep?(ms: number): Promise<void>;
}
