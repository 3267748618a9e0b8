import type http from 'node:http';
import { BinanceError, binanceErrors, type Reply } from './binance-error.js';
import type { ExchangeEngine } from './exchange-engine.js';
import type { Faults, HttpFault } from './faults.js';
import type { ListenKeys } from './listen-keys.js';
import { PUBLIC_ROUTES, type RestContext } from './rest-public.js';
import { SIGNED_ROUTES } from './rest-private.js';
import { type Credentials, verifySignedRequest } from './signature.js';

/** One request the double received, for tests to assert on. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** HTTP status sent; 0 when the request was left unanswered (timeout fault). */
  readonly status: number;
}

export interface HttpDeps {
  readonly engine: ExchangeEngine;
  readonly faults: Faults;
  readonly credentials: Credentials;
  readonly listenKeys: ListenKeys;
  /** The double's clock (wall clock plus the skew fault). */
  readonly serverTime: () => number;
  readonly requests: RecordedRequest[];
  readonly log: (line: string) => void;
}

function faultReply(f: Exclude<HttpFault, { kind: 'timeout' }>): Reply {
  if (f.kind === 'rate-limit')
    return {
      ...binanceErrors.rateLimited().reply(),
      headers: { 'retry-after': String(f.retryAfterSeconds) },
    };
  // A gateway page, not JSON: ccxt maps a bare 5xx to ExchangeNotAvailable.
  return { status: f.status, body: `<html><body><h1>${f.status} Service Unavailable</h1></body></html>` };
}

function listenKeyRoute(method: string, deps: HttpDeps, params: URLSearchParams): unknown {
  if (method === 'POST') return { listenKey: deps.listenKeys.create() };
  const key = params.get('listenKey') ?? deps.listenKeys.current();
  if (key === undefined || !deps.listenKeys.has(key)) throw binanceErrors.invalidListenKey();
  if (method === 'PUT') deps.listenKeys.keepAlive(key);
  else deps.listenKeys.remove(key);
  return method === 'PUT' ? { listenKey: key } : {};
}

/** Routes a request (fault injection already applied) and builds the reply. */
export function routeRequest(
  method: string,
  url: URL,
  body: string,
  headers: http.IncomingHttpHeaders,
  deps: HttpDeps,
): Reply {
  const params = new URLSearchParams(url.search);
  for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
  const ctx: RestContext = { engine: deps.engine, params, serverTime: deps.serverTime() };
  const apiKey = typeof headers['x-mbx-apikey'] === 'string' ? headers['x-mbx-apikey'] : undefined;
  try {
    const path = url.pathname;
    if (path === '/fapi/v1/listenKey' && ['POST', 'PUT', 'DELETE'].includes(method)) {
      if (apiKey !== deps.credentials.apiKey) throw binanceErrors.badApiKey();
      return { status: 200, body: listenKeyRoute(method, deps, params) };
    }
    const publicRoute = method === 'GET' ? PUBLIC_ROUTES[path] : undefined;
    if (publicRoute) return { status: 200, body: publicRoute(ctx) };
    const signed = SIGNED_ROUTES[`${method} ${path}`];
    if (!signed) {
      deps.log(`exchange double: unknown ${method} ${path}${url.search}`);
      return { status: 404, body: { code: -5000, msg: `Path ${path}, Method ${method} is invalid` } };
    }
    verifySignedRequest({
      apiKey,
      query: url.search.replace(/^\?/, ''),
      body,
      params,
      credentials: deps.credentials,
      serverTime: ctx.serverTime,
    });
    return { status: 200, body: signed(ctx) };
  } catch (err) {
    if (err instanceof BinanceError) return err.reply();
    throw err;
  }
}

export { faultReply };
