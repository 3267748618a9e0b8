import {
  BadResponse,
  DDoSProtection,
  ExchangeNotAvailable,
  InvalidNonce,
  MarginModeAlreadySet,
  NetworkError,
  OrderNotFound,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt';

/** What the order path does about a failed venue call, decided once here. */
export const VenueFault = {
  /** 429 / -1003: the request was refused unprocessed; wait (Retry-After or backoff) and send again. */
  RateLimited: 'rate_limited',
  /** 418: the IP is banned for a while; nothing may be sent before Retry-After. */
  Banned: 'banned',
  /** -1021: our timestamp is outside recvWindow; resync the time offset and retry once. */
  ClockDrift: 'clock_drift',
  /** -2011 / -2013 / OrderNotFound: the order is not (or no longer) there. */
  NotFound: 'not_found',
  /** -4116: the client order id is in use: the create landed before; look it up. */
  Duplicate: 'duplicate',
  /** Timeout, network error, 5xx, -1007: the request may or may not have been executed. */
  UnknownOutcome: 'unknown_outcome',
  /** The venue has the setting already (-4046 "No need to change margin type", -4028 leverage): success. */
  AlreadySet: 'already_set',
  /** Anything else: a refusal to report, never retried. */
  Rejected: 'rejected',
} as const;
export type VenueFault = (typeof VenueFault)[keyof typeof VenueFault];

export interface ClassifiedFault {
  readonly fault: VenueFault;
  /** The venue's numeric code when the body carried one (`-2019`), else the HTTP status for 4xx/5xx. */
  readonly code: string | undefined;
  /** Wait the venue asked for (Retry-After), if known. */
  readonly retryAfterMs: number | undefined;
}

const BY_CODE: Readonly<Record<string, VenueFault>> = {
  '-1000': VenueFault.UnknownOutcome,
  '-1003': VenueFault.RateLimited,
  '-1007': VenueFault.UnknownOutcome,
  '-1001': VenueFault.UnknownOutcome,
  '-1021': VenueFault.ClockDrift,
  '-2011': VenueFault.NotFound,
  '-2013': VenueFault.NotFound,
  '-4116': VenueFault.Duplicate,
  '-4046': VenueFault.AlreadySet,
  '-4059': VenueFault.AlreadySet,
  '-4028': VenueFault.AlreadySet,
  '110043': VenueFault.AlreadySet,
  '110072': VenueFault.Duplicate,
};

/** `{"code":-2019,"msg":...}` inside a ccxt message (Binance), or `"retCode":110043` (bybit). */
export function venueCodeOf(message: string): string | undefined {
  return /"(?:code|retCode)"\s*:\s*"?(-?\d+)/.exec(message)?.[1];
}

/**
 * Classifies an error thrown by a ccxt call. The venue code in the body decides first (ccxt maps
 * codes by host, so against a local double Binance's linear map does not apply), then the ccxt class.
 * `retryAfterMs` comes from the error when the caller attached it (see CcxtVenue).
 */
export function classifyVenueError(err: unknown): ClassifiedFault {
  const message = err instanceof Error ? err.message : String(err);
  const retryAfterMs = retryAfterOf(err);
  const code = venueCodeOf(message);
  const status = httpStatusOf(err) ?? /^\S+ (418|429|5\d\d)\b/.exec(message)?.[1];
  if (status === '418') return { fault: VenueFault.Banned, code: code ?? status, retryAfterMs };
  const byCode = code === undefined ? undefined : BY_CODE[code];
  if (byCode) return { fault: byCode, code, retryAfterMs };
  if (err instanceof MarginModeAlreadySet) return { fault: VenueFault.AlreadySet, code, retryAfterMs };
  if (err instanceof RateLimitExceeded || err instanceof DDoSProtection || status === '429')
    return { fault: VenueFault.RateLimited, code: code ?? status, retryAfterMs };
  if (err instanceof InvalidNonce) return { fault: VenueFault.ClockDrift, code, retryAfterMs };
  if (err instanceof OrderNotFound) return { fault: VenueFault.NotFound, code, retryAfterMs };
  if (
    err instanceof RequestTimeout ||
    err instanceof ExchangeNotAvailable ||
    err instanceof BadResponse ||
    err instanceof NetworkError ||
    (status !== undefined && Number(status) >= 500)
  )
    return { fault: VenueFault.UnknownOutcome, code: code ?? status, retryAfterMs };
  return { fault: VenueFault.Rejected, code, retryAfterMs };
}

/** The HTTP status CcxtVenue attached to the error (`httpStatus`), as text. */
function httpStatusOf(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'httpStatus' in err) {
    const v = err.httpStatus;
    if (typeof v === 'number' && v >= 400) return String(v);
  }
  return undefined;
}

function retryAfterOf(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'retryAfterMs' in err) {
    const v = err.retryAfterMs;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  }
  return undefined;
}

/** `Retry-After` as ms: delta-seconds (decimals allowed) or an HTTP date; undefined when unreadable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
