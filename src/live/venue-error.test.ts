import ccxt, { RequestTimeout } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';
import { classifyVenueError, parseRetryAfter, venueCodeOf } from './venue-error.js';

const URL = 'http://127.0.0.1:9/fapi/v1/order';

/** The error the real ccxt binanceusdm raises for this HTTP answer (its own handleErrors code path). */
function ccxtError(status: number, body: string): unknown {
  const ex = new ccxt.binanceusdm();
  try {
    const parsed: unknown = body.startsWith('{') ? JSON.parse(body) : undefined;
    ex.handleErrors(status, 'reason', URL, 'POST', {}, body, parsed, {}, '');
    ex.handleHttpStatusCode(status, 'reason', URL, 'POST', body);
  } catch (err) {
    return err;
  }
  throw new Error(`ccxt raised nothing for ${status} ${body}`);
}

describe('classifyVenueError on errors raised by the real ccxt binanceusdm client', () => {
  it.each([
    [
      400,
      '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}',
      'clock_drift',
      '-1021',
    ],
    [429, '{"code":-1003,"msg":"Too many requests."}', 'rate_limited', '-1003'],
    [
      418,
      '{"code":-1003,"msg":"Way too much request weight used; IP banned until 1764151260000."}',
      'banned',
      '-1003',
    ],
    [400, '{"code":-2011,"msg":"Unknown order sent."}', 'not_found', '-2011'],
    [400, '{"code":-2013,"msg":"Order does not exist."}', 'not_found', '-2013'],
    [400, '{"code":-4116,"msg":"ClientOrderId is duplicated."}', 'duplicate', '-4116'],
    [400, '{"code":-4046,"msg":"No need to change margin type."}', 'already_set', '-4046'],
    [400, '{"code":-2019,"msg":"Margin is insufficient."}', 'rejected', '-2019'],
    [400, '{"code":-2021,"msg":"Order would immediately trigger."}', 'rejected', '-2021'],
    [
      503,
      '{"code":-1007,"msg":"Timeout waiting for response from backend server."}',
      'unknown_outcome',
      '-1007',
    ],
    [502, '<html>Bad Gateway</html>', 'unknown_outcome', undefined],
  ])('HTTP %i %s → %s', (status, body, fault, code) => {
    expect(classifyVenueError(ccxtError(status, body))).toEqual({ fault, code, retryAfterMs: undefined });
  });

  it('treats a client-side timeout as an unknown outcome (the order may have landed)', () => {
    expect(
      classifyVenueError(
        new RequestTimeout('binanceusdm POST http://x/fapi/v1/order request timed out (1000 ms)'),
      ),
    ).toEqual({ fault: 'unknown_outcome', code: undefined, retryAfterMs: undefined });
  });

  it('reads an HTTP status and Retry-After attached by CcxtVenue', () => {
    const err = Object.assign(new Error('binanceusdm {"code":-1003,"msg":"banned"}'), {
      httpStatus: 418,
      retryAfterMs: 120_000,
    });
    expect(classifyVenueError(err)).toEqual({ fault: 'banned', code: '-1003', retryAfterMs: 120_000 });
  });
});

describe('venueCodeOf', () => {
  it('finds Binance and bybit codes inside a message', () => {
    expect(venueCodeOf('binanceusdm {"code":-2022,"msg":"ReduceOnly Order is rejected."}')).toBe('-2022');
    expect(venueCodeOf('bybit {"retCode":110043,"retMsg":"leverage not modified"}')).toBe('110043');
    expect(venueCodeOf('no code here')).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds (decimals too) and HTTP dates', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter('0.5', 0)).toBe(500);
    expect(parseRetryAfter('Wed, 26 Nov 2025 10:00:30 GMT', Date.UTC(2025, 10, 26, 10, 0, 0))).toBe(30_000);
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('redactSecrets', () => {
  it('removes the key, the secret and URL signatures from a ccxt message', () => {
    const key = 'AbCdEfGhIjKlMnOp1234';
    const secret = 'zyxwvutsrqponmlk9876';
    const message = `binanceusdm POST http://127.0.0.1/fapi/v1/order?symbol=NMRUSDT&timestamp=1&signature=9f86d081884c7d65 request timed out; key ${key}; secret ${secret}`;
    const out = redactSecrets(message, [key, secret]);
    expect(out).toBe(
      'binanceusdm POST http://127.0.0.1/fapi/v1/order?symbol=NMRUSDT&timestamp=1&signature=[redacted] request timed out; key [redacted]; secret [redacted]',
    );
  });
});
