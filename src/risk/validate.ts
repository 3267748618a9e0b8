import { InvariantError, isoTime } from '../core/index.js';
import type { Candle } from '../data/index.js';
import type { EntryRequest } from './risk.types.js';

/**
 * A bar the engine can use: positive prices, high >= low, volume >= 0, a close after its open and after
 * the previous bar's. Anything else is a bug upstream (validated data never looks like this).
 */
export function checkBar(candle: Candle, closeTime: number, previousClose: number | undefined): void {
  const { openTime, open, high, low, close, volume } = candle;
  const where = `bar ${isoTime(openTime)}`;
  if (![openTime, closeTime, open, high, low, close, volume].every(Number.isFinite))
    throw new InvariantError(`${where}: every field must be a finite number`);
  if (!(low > 0) || !(high >= low) || !(volume >= 0))
    throw new InvariantError(
      `${where}: needs 0 < low <= high and volume >= 0 (low ${low}, high ${high}, volume ${volume})`,
    );
  if (!(closeTime > openTime))
    throw new InvariantError(`${where}: close time ${isoTime(closeTime)} is not after its open`);
  if (previousClose !== undefined && !(closeTime > previousClose))
    throw new InvariantError(
      `${where}: closes at ${isoTime(closeTime)}, not after the previous bar (${isoTime(previousClose)}); feed one series in time order`,
    );
}

/** A well-formed entry request; a malformed one is a bug in the caller. */
export function checkEntryRequest(req: EntryRequest): void {
  const fields: [string, number][] = [
    ['time', req.time],
    ['currentQuantity', req.currentQuantity],
    ['desiredQuantity', req.desiredQuantity],
    ['leverage', req.leverage],
    ['price', req.price],
    ['equity', req.equity],
    ['otherMargin', req.otherMargin],
    ['stepSize', req.stepSize],
    ['expectedEdge', req.expectedEdge ?? 0],
  ];
  for (const [name, value] of fields) {
    if (!Number.isFinite(value))
      throw new InvariantError(`entry request: ${name} must be a finite number (got ${value})`);
  }
  for (const [name, value] of [
    ['leverage', req.leverage],
    ['price', req.price],
    ['stepSize', req.stepSize],
  ] as const) {
    if (!(value > 0)) throw new InvariantError(`entry request: ${name} must be > 0 (got ${value})`);
  }
  if (req.otherMargin < 0)
    throw new InvariantError(`entry request: otherMargin must be >= 0 (got ${req.otherMargin})`);
}
