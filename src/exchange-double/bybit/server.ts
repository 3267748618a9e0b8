import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Exchange } from 'ccxt';
import type { InstrumentSpec } from '../../core/index.js';
import { ExchangeEngine } from '../exchange-engine.js';
import type { EngineOptions } from '../exchange-double.types.js';
import { NMR_INSTRUMENT } from '../instrument.js';
import { ReplayDriver } from '../replay-driver.js';
import type { Credentials } from '../signature.js';
import { BybitError, bybitErrors } from './bybit-error.js';
import { BYBIT_PRIVATE, BYBIT_PUBLIC, runRoute } from './routes.js';
import { verifyBybitRequest } from './signature.js';

/** NMRUSDT on Bybit: the same filters, Bybit's base linear fees (maker 0.02 %, taker 0.055 %). */
export const BYBIT_NMR_INSTRUMENT: InstrumentSpec = {
  ...NMR_INSTRUMENT,
  makerFee: 0.0002,
  takerFee: 0.00055,
};

export interface BybitDoubleOptions extends EngineOptions {
  readonly port?: number;
  /** Default `{ apiKey: 'double-key', secret: 'double-secret' }`. */
  readonly credentials?: Credentials;
  /** Where unknown paths are reported; default stderr. */
  readonly log?: (line: string) => void;
}

/** One request the Bybit double received: the query or JSON body as sent. */
export interface BybitRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly retCode: number;
}

export interface BybitDouble {
  /** `http://127.0.0.1:<port>`: substitute it for `https://api.bybit.com` (see `pointBybitClientAt`). */
  readonly url: string;
  readonly engine: ExchangeEngine;
  readonly requests: readonly BybitRequest[];
  /** Processes `bars` bar boundaries (default 1), as the Binance double's manual mode. */
  advance(bars?: number): number;
  close(): Promise<void>;
}

function paramsOf(method: string, url: URL, body: string): Record<string, unknown> {
  if (method !== 'POST') return Object.fromEntries(url.searchParams);
  if (body === '') return {};
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // falls through to the params error
  }
  throw bybitErrors.params('the body is not a JSON object');
}

/**
 * A local Bybit V5 (linear, unified account, one-way mode) REST server for the real ccxt `bybit`
 * client, on the same engine as the Binance double (SimVenue fills, Portfolio accounting). REST only:
 * no websockets, no fault injection; the replay advances by `advance()`.
 */
export async function startBybitDouble(options: BybitDoubleOptions): Promise<BybitDouble> {
  const engine = new ExchangeEngine({ instrument: BYBIT_NMR_INSTRUMENT, ...options });
  const credentials = options.credentials ?? { apiKey: 'double-key', secret: 'double-secret' };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const driver = new ReplayDriver(engine, undefined, Date.now, (err) => log(`bybit double: ${String(err)}`));
  const requests: BybitRequest[] = [];

  const reply = (
    method: string,
    url: URL,
    body: string,
    headers: http.IncomingHttpHeaders,
  ): { status: number; json: unknown } => {
    const path = url.pathname;
    let params: Record<string, unknown> = {};
    const envelope = (
      retCode: number,
      retMsg: string,
      result: unknown,
    ): { status: number; json: unknown } => {
      requests.push({ method, path, params, retCode });
      return { status: 200, json: { retCode, retMsg, result, retExtInfo: {}, time: Date.now() } };
    };
    try {
      params = paramsOf(method, url, body);
      const serverTime = Date.now();
      const publicRoute = method === 'GET' ? BYBIT_PUBLIC[path] : undefined;
      if (publicRoute) return envelope(0, 'OK', runRoute(publicRoute, { engine, params, serverTime }));
      const route = BYBIT_PRIVATE[`${method} ${path}`];
      if (!route) {
        log(`bybit double: unknown ${method} ${path}${url.search}`);
        requests.push({ method, path, params, retCode: -1 });
        return {
          status: 404,
          json: { retCode: 10001, retMsg: `path ${path} not found`, result: {}, time: Date.now() },
        };
      }
      const payload = method === 'POST' ? body : url.search.replace(/^\?/, '');
      verifyBybitRequest({ headers, payload, credentials, serverTime });
      return envelope(0, 'OK', runRoute(route, { engine, params, serverTime }));
    } catch (err) {
      if (err instanceof BybitError) return envelope(err.retCode, err.message, {});
      throw err;
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let out: { status: number; json: unknown };
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        out = reply(req.method ?? 'GET', url, Buffer.concat(chunks).toString('utf8'), req.headers);
      } catch (err) {
        log(`bybit double: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        out = { status: 500, json: { retCode: 10016, retMsg: 'Internal server error.', result: {} } };
      }
      const text = JSON.stringify(out.json);
      res.writeHead(out.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    engine,
    requests,
    advance: (bars = 1) => driver.advance(bars),
    close: () =>
      new Promise<void>((resolve, reject) => {
        driver.stop();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * Options the ccxt bybit client needs against the double: linear markets only (no spot, inverse or
 * option listings), and a unified trading account known up front (ccxt would otherwise ask
 * `/v5/user/query-api` and `/v5/account/info` first). URLs are rewritten by `connectCcxt({ baseUrl })`.
 */
export function bybitClientOptions(exchange: Exchange): void {
  Object.assign(exchange.options, {
    fetchMarkets: { types: ['linear'] },
    enableUnifiedAccount: true,
    enableUnifiedMargin: false,
  });
}
