import { createHmac, timingSafeEqual } from 'node:crypto';
import { binanceErrors } from './binance-error.js';

/** The credentials the double accepts, and how far its clock is from the wall clock. */
export interface Credentials {
  readonly apiKey: string;
  readonly secret: string;
}

/** Binance's default and largest `recvWindow`, ms. */
const DEFAULT_RECV_WINDOW = 5_000;
const MAX_RECV_WINDOW = 60_000;

/** `a=1&signature=xx&b=2` → `a=1&b=2`, and the signature. */
function splitSignature(raw: string): { rest: string; signature: string | undefined } {
  let signature: string | undefined;
  const rest = raw
    .split('&')
    .filter((part) => {
      if (!part.startsWith('signature=')) return true;
      signature = decodeURIComponent(part.slice('signature='.length));
      return false;
    })
    .join('&');
  return { rest, signature };
}

/**
 * Checks a signed request as Binance does: the API key header, the HMAC-SHA256 of the query string
 * followed by the body (without `signature`), then the timestamp against the server's clock:
 * -2015 unknown key, -1022 bad signature, -1021 when `timestamp` is more than 1 s ahead of the server
 * or older than `recvWindow` (default 5,000 ms, at most 60,000).
 */
export function verifySignedRequest(input: {
  readonly apiKey: string | undefined;
  readonly query: string;
  readonly body: string;
  readonly params: URLSearchParams;
  readonly credentials: Credentials;
  readonly serverTime: number;
}): void {
  if (input.apiKey !== input.credentials.apiKey) throw binanceErrors.badApiKey();
  const q = splitSignature(input.query);
  const b = splitSignature(input.body);
  const signature = q.signature ?? b.signature;
  if (signature === undefined) throw binanceErrors.mandatory('signature');
  const expected = createHmac('sha256', input.credentials.secret)
    .update(q.rest + b.rest)
    .digest('hex');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected, 'utf8')))
    throw binanceErrors.badSignature();
  const timestamp = Number(input.params.get('timestamp'));
  if (!Number.isInteger(timestamp) || timestamp <= 0) throw binanceErrors.mandatory('timestamp');
  const recvWindow = Number(input.params.get('recvWindow') ?? DEFAULT_RECV_WINDOW);
  if (!(recvWindow > 0 && recvWindow <= MAX_RECV_WINDOW)) throw binanceErrors.illegalParameter('recvWindow');
  if (timestamp >= input.serverTime + 1_000 || input.serverTime - timestamp > recvWindow)
    throw binanceErrors.timestampOutsideWindow();
}
