import ccxt, { type Exchange } from 'ccxt';
import type { Secret } from '../config/index.js';
import { type Clock, InputError } from '../core/index.js';
import { rewriteApiUrls } from '../data/download/index.js';
import { redactSecrets } from './redact-secrets.js';
import { parseRetryAfter } from './venue-error.js';

export interface ExchangeCredentials {
  readonly apiKey: Secret;
  readonly apiSecret: Secret;
}

export interface CcxtConnectOptions {
  /** ccxt id: `binanceusdm` first, `bybit` second, any other ccxt.pro id. */
  readonly exchangeId: string;
  /** Reads "now" for HTTP-date Retry-After headers. */
  readonly clock: Clock;
  /** From the environment (`requireExchangeCredentials`); revealed only into the ccxt client. */
  readonly credentials?: ExchangeCredentials | undefined;
  /** A local exchange double (`http://127.0.0.1:port`): every REST and websocket URL points at it. */
  readonly baseUrl?: string | undefined;
  /** Binance drops a signed request older than this; the order manager's settle window follows it. */
  readonly recvWindowMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
}

type ExchangeClass = new (config?: Record<string, unknown>) => Exchange;

export interface CcxtConnection {
  readonly exchange: Exchange;
  /** Removes the credentials (and URL signatures) from any text before it is logged or thrown. */
  readonly redact: (text: string) => string;
  readonly recvWindowMs: number;
  /** True when pointed at a local double (`baseUrl`): no latency budget applies there. */
  readonly local: boolean;
}

/**
 * A ccxt.pro client (REST and websockets) for `exchangeId`. Its errors carry `httpStatus` and
 * `retryAfterMs` (from Retry-After), and their messages are redacted: ccxt puts signed URLs into
 * timeout messages, and nothing that leaves this module may contain a key.
 */
export async function connectCcxt(options: CcxtConnectOptions): Promise<CcxtConnection> {
  const pro = ccxt.pro as unknown as Record<string, unknown>;
  const Ctor = pro[options.exchangeId] as ExchangeClass | undefined;
  if (typeof Ctor !== 'function')
    throw new InputError(
      `unknown exchange "${options.exchangeId}": ccxt ${ccxt.version} has no websocket (pro) client by that id (examples: binanceusdm, bybit)`,
    );
  const recvWindowMs = options.recvWindowMs ?? 5000;
  const apiKey = options.credentials?.apiKey.reveal();
  const secret = options.credentials?.apiSecret.reveal();
  const exchange = new Ctor({
    ...(apiKey === undefined ? {} : { apiKey, secret }),
    enableRateLimit: true,
    timeout: options.timeoutMs ?? 10_000,
    options: { defaultType: 'swap', recvWindow: recvWindowMs, fetchCurrencies: false },
  });
  const redact = (text: string): string => redactSecrets(text, [apiKey, secret]);
  annotateErrors(exchange, redact, options.clock);
  unrefDelays(exchange);
  if (options.baseUrl !== undefined) {
    rewriteApiUrls(exchange, options.baseUrl);
    if (options.baseUrl.startsWith('http://')) await exchange.loadHttpProxyAgent();
  }
  return { exchange, redact, recvWindowMs, local: options.baseUrl !== undefined };
}

type Hookable = Record<string, (...args: unknown[]) => unknown>;

/**
 * ccxt schedules keep-alives with `delay` (the user-data stream's listenKey refresh, every 20
 * minutes) and `close()` does not clear them: a bot that stopped cleanly stayed alive for up to 20
 * minutes. Those timers must not hold the process; while it runs, other work keeps it alive anyway.
 */
function unrefDelays(exchange: Exchange): void {
  const ex = exchange as unknown as Hookable;
  ex['delay'] = (timeout: unknown, method: unknown, ...args: unknown[]) => {
    const timer = setTimeout(() => ex['spawn']?.(method, ...args), timeout as number);
    timer.unref();
  };
}

/** Wraps the instance's error handlers (status, Retry-After) and its REST fetch (redaction). */
function annotateErrors(exchange: Exchange, redact: (text: string) => string, clock: Clock): void {
  const ex = exchange as unknown as Hookable;
  const handleErrors = (ex['handleErrors'] as Hookable[string]).bind(exchange);
  const handleStatus = (ex['handleHttpStatusCode'] as Hookable[string]).bind(exchange);
  const fetch = (ex['fetch'] as Hookable[string]).bind(exchange);
  let lastRetryAfter: number | undefined;
  ex['handleErrors'] = (...args: unknown[]) => {
    const status = args[0] as number;
    const headers = (args[4] ?? {}) as Record<string, string | undefined>;
    lastRetryAfter = parseRetryAfter(headers['Retry-After'], clock.now());
    try {
      return handleErrors(...args);
    } catch (err) {
      throw annotate(err, status, lastRetryAfter);
    }
  };
  ex['handleHttpStatusCode'] = (...args: unknown[]) => {
    try {
      return handleStatus(...args);
    } catch (err) {
      throw annotate(err, args[0] as number, lastRetryAfter);
    }
  };
  ex['fetch'] = async (...args: unknown[]) => {
    try {
      return await fetch(...args);
    } catch (err) {
      if (err instanceof Error) {
        err.message = redact(err.message);
        if (err.stack) err.stack = redact(err.stack);
      }
      throw err;
    }
  };
}

function annotate(err: unknown, status: number, retryAfterMs: number | undefined): unknown {
  if (err && typeof err === 'object') {
    Object.assign(err, { httpStatus: status });
    if (retryAfterMs !== undefined && (status === 429 || status === 418))
      Object.assign(err, { retryAfterMs });
  }
  return err;
}
