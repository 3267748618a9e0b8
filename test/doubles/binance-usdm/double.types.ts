/**
 * Shapes the Binance USD-M exchange double serves, exactly as Binance sends them on the wire
 * (numbers inside payloads are decimal strings, times are epoch-ms integers).
 */

/**
 * One kline as `/fapi/v1/klines` and `/fapi/v1/markPriceKlines` return it: `[openTime, open, high, low,
 * close, volume, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore]`.
 */
export type BinanceKline = [
  openTime: number,
  open: string,
  high: string,
  low: string,
  close: string,
  volume: string,
  closeTime: number,
  quoteVolume: string,
  trades: number,
  takerBuyBase: string,
  takerBuyQuote: string,
  ignore: string,
];

/** One row of `/fapi/v1/fundingRate` (without `symbol`, which the double adds). */
export interface BinanceFundingRow {
  readonly fundingTime: number;
  readonly fundingRate: string;
  /** Empty string when unknown, as Binance sends for old settlements. */
  readonly markPrice: string;
}

/** One row of `/futures/data/openInterestHist` (without `symbol`). */
export interface BinanceOpenInterestRow {
  readonly timestamp: number;
  readonly sumOpenInterest: string;
  readonly sumOpenInterestValue: string;
}

/** Everything the double serves for its one symbol. Intervals are Binance interval strings. */
export interface DoubleMarketData {
  /** Exchange id of the symbol, e.g. `NMRUSDT`. */
  readonly symbol: string;
  readonly klines: Readonly<Partial<Record<string, readonly BinanceKline[]>>>;
  readonly markPriceKlines: Readonly<Partial<Record<string, readonly BinanceKline[]>>>;
  readonly fundingRates: readonly BinanceFundingRow[];
  /** Served for every `period` asked (the real rows are snapshots, not on a period grid). */
  readonly openInterest: readonly BinanceOpenInterestRow[];
  /** Where each part came from; shown by `describe()` and in test failure messages. */
  readonly provenance: readonly string[];
}

/** How an injected failure answers. */
export const FAILURE_MODES = ['http-503', 'rate-limit-429', 'ban-418', 'socket-destroy'] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

/** Makes the double fail some requests: the first `afterRequests` counted requests succeed. */
export interface FailurePlan {
  /** Counted requests answered normally before failures start (0 = fail from the next one). */
  readonly afterRequests: number;
  readonly mode: FailureMode;
  /** How many counted requests fail before the double is healthy again; default Infinity (hard). */
  readonly times?: number;
  /** Only requests to these paths are counted and failed; default every path. */
  readonly paths?: readonly string[];
}

/** One request the double received, for tests to assert on. */
export interface DoubleRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** HTTP status sent, or 0 when the socket was destroyed. */
  readonly status: number;
}

export interface BinanceUsdmDoubleOptions {
  /** Port to listen on; default 0 (any free port). The host is always 127.0.0.1. */
  readonly port?: number;
  /** What to serve; default `loadRealNmrData()` (real NMR data from ../shared/data). */
  readonly data?: DoubleMarketData;
  /**
   * The double's "now". When set, nothing later than now exists: klines open at or before now (the
   * bar containing now is served as the forming bar), settlements and OI rows at or before now, and
   * open-interest history older than 30 days is refused as Binance does. Default: no cut-off.
   */
  readonly now?: () => number;
  /** `fundingIntervalHours` listed in `/fapi/v1/fundingInfo`; `null` leaves the symbol out. Default 8. */
  readonly fundingIntervalHours?: number | null;
  readonly failures?: FailurePlan;
  /** Where unknown paths are reported; default stderr. */
  readonly log?: (line: string) => void;
}
