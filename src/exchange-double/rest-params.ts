import { BinanceError, binanceErrors } from './binance-error.js';

/** Reading Binance request parameters with Binance's error codes. */

export function required(q: URLSearchParams, name: string): string {
  const v = q.get(name);
  if (v === null || v === '') throw binanceErrors.mandatory(name);
  return v;
}

export function optionalNumber(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw binanceErrors.illegalParameter(name);
  return n;
}

export function requiredNumber(q: URLSearchParams, name: string): number {
  const n = optionalNumber(q, name);
  if (n === undefined) throw binanceErrors.mandatory(name);
  return n;
}

export function bool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw binanceErrors.illegalParameter(name);
}

/** A whole-number parameter (times, ids, limits): Binance's -1100 for anything but digits. */
export function integer(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^\d{1,20}$/.test(v))
    throw new BinanceError(
      400,
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
    );
  return Number(v);
}

export function limitParam(q: URLSearchParams, byDefault: number, max: number): number {
  const limit = integer(q, 'limit') ?? byDefault;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= max)) throw binanceErrors.illegalParameter('limit');
  return limit;
}

export function side(q: URLSearchParams): 'BUY' | 'SELL' {
  const s = required(q, 'side');
  if (s !== 'BUY' && s !== 'SELL') throw binanceErrors.illegalParameter('side');
  return s;
}

/** `orderId` / `origClientOrderId` (or the algo names): at least one must be sent. */
export function lookup(
  q: URLSearchParams,
  idName: string,
  clientName: string,
): { id: number | undefined; clientId: string | undefined } {
  const id = optionalNumber(q, idName);
  const clientId = q.get(clientName) ?? undefined;
  if (id === undefined && clientId === undefined)
    throw binanceErrors.mandatory(`${idName}' or '${clientName}`);
  return { id, clientId };
}

/**
 * Binance's window rule for history endpoints: with startTime, the first `limit` rows at or after it
 * (and at or before endTime when given); with only endTime, the last `limit` rows at or before it;
 * with neither, the most recent `limit` rows. Rows later than `now` do not exist yet.
 */
export function selectWindow<T>(
  rows: readonly T[],
  timeOf: (row: T) => number,
  q: URLSearchParams,
  limit: number,
  now: number | undefined,
): T[] {
  const start = integer(q, 'startTime');
  const end = integer(q, 'endTime');
  const visible = rows.filter(
    (r) =>
      (now === undefined || timeOf(r) <= now) &&
      (start === undefined || timeOf(r) >= start) &&
      (end === undefined || timeOf(r) <= end),
  );
  return start !== undefined ? visible.slice(0, limit) : visible.slice(-limit);
}
