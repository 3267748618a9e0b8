import { DAY_MS } from '../../core/index.js';
import type { DownloadKind } from './download.types.js';

/**
 * What a venue can give per kind, as data (never `if (id === ...)` in code). A page limit that is too
 * small only costs requests; one that is too large is capped by the venue and the pager copes.
 */
export interface VenueLimits {
  /** Rows per request. */
  readonly pageLimit: Readonly<Record<DownloadKind, number>>;
  /** How far back the venue serves a kind, when it caps history. */
  readonly historyMs: Readonly<Partial<Record<DownloadKind, number>>>;
}

/** The ccxt capability (an `exchange.has` key) each kind needs. */
export const KIND_CAPABILITY: Readonly<Record<DownloadKind, string>> = {
  candles: 'fetchOHLCV',
  funding: 'fetchFundingRateHistory',
  mark: 'fetchMarkOHLCV',
  oi: 'fetchOpenInterestHistory',
};

/** Kinds that exist only for contracts (swaps and futures). */
export const CONTRACT_ONLY: ReadonlySet<DownloadKind> = new Set(['funding', 'mark', 'oi']);

const DEFAULT_PAGE_LIMIT = { candles: 500, funding: 100, mark: 500, oi: 100 } as const;

/** Known limits beyond the defaults, per ccxt id. */
const OVERRIDES: Readonly<
  Record<string, Partial<{ pageLimit: Partial<VenueLimits['pageLimit']> } & Pick<VenueLimits, 'historyMs'>>>
> = {
  // Binance USD-M docs: fundingRate limit max 1000; openInterestHist limit max 500 and only the
  // latest ~30 days (older startTime -> HTTP 400). Kline pages come from ccxt's `features` (500).
  binanceusdm: { pageLimit: { funding: 1000, oi: 500 }, historyMs: { oi: 30 * DAY_MS } },
  binancecoinm: { pageLimit: { funding: 1000, oi: 500 }, historyMs: { oi: 30 * DAY_MS } },
};

/**
 * Limits for `exchangeId`. `ohlcvLimit` is the venue's per-call maximum that ccxt declares in
 * `exchange.features[type][subType].fetchOHLCV.limit`, when it does.
 */
export function venueLimits(exchangeId: string, ohlcvLimit?: number): VenueLimits {
  const o = OVERRIDES[exchangeId] ?? {};
  const candles = ohlcvLimit ?? DEFAULT_PAGE_LIMIT.candles;
  return {
    pageLimit: { ...DEFAULT_PAGE_LIMIT, candles, mark: candles, ...o.pageLimit },
    historyMs: { ...o.historyMs },
  };
}

/** `exchange.has[...]` says a capability exists natively or emulated. */
export function hasCapability(has: Readonly<Record<string, unknown>>, capability: string): boolean {
  const v = has[capability];
  return v === true || v === 'emulated';
}
