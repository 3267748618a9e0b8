import { createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Credentials } from '../signature.js';
import { bybitErrors } from './bybit-error.js';

/** Bybit's default recv_window, ms. */
const DEFAULT_RECV_WINDOW = 5_000;

function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Checks a V5 private request as Bybit does: `X-BAPI-API-KEY` (10003), `X-BAPI-SIGN` = hex HMAC-SHA256
 * of timestamp + apiKey + recvWindow + (query string for GET, JSON body for POST) (10004), and
 * `X-BAPI-TIMESTAMP` within [server - recvWindow, server + 1,000 ms) (10002).
 */
export function verifyBybitRequest(input: {
  readonly headers: http.IncomingHttpHeaders;
  readonly payload: string;
  readonly credentials: Credentials;
  readonly serverTime: number;
}): void {
  const h = input.headers;
  if (header(h, 'x-bapi-api-key') !== input.credentials.apiKey) throw bybitErrors.apiKey();
  const timestamp = header(h, 'x-bapi-timestamp') ?? '';
  const recvWindow = header(h, 'x-bapi-recv-window') ?? String(DEFAULT_RECV_WINDOW);
  const sign = header(h, 'x-bapi-sign') ?? '';
  const expected = createHmac('sha256', input.credentials.secret)
    .update(timestamp + input.credentials.apiKey + recvWindow + input.payload)
    .digest('hex');
  const given = Buffer.from(sign, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected, 'utf8')))
    throw bybitErrors.sign();
  const t = Number(timestamp);
  const window = Number(recvWindow);
  if (!Number.isInteger(t) || !(window > 0)) throw bybitErrors.timestamp();
  if (t >= input.serverTime + 1_000 || input.serverTime - t > window) throw bybitErrors.timestamp();
}
