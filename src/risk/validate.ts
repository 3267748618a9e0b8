import { InvariantError, isoTime } from '../core/index.js';
import type { Candle } from '../data/index.js';
import type { EntryRequest } from './risk.types.js';

/**
 * A bar the engine can use: positive prices, high >= low, volume >= 0, a close after its open and after
 * the previous bar's. Anything else is a bug upstream (validated data never looks like this).
 */
export function checkBar(candle: Candle, closeTime: number, previousClose: number | undefined): void {
  const { openTime, open, high, low, close, volume } = candle;
  // Runs for every bar: plain comparisons, and a message only when one fails. NaN fails every test.
  const sane = low > 0 && high >= low && volume >= 0 && closeTime > openTime && open > 0 && close > 0;
  const finite =
    high < Infinity && volume < Infinity && open < Infinity && close < Infinity && closeTime < Infinity;
  if (sane && finite && (previousClose === undefined || closeTime > previousClose)) return;
  const where = `bar ${isoTime(openTime)}`;
  if (!finite || !(open > 0) || !(close > 0))
    throw new InvariantError(`${where}: prices and volume must be finite, prices positive`);
  if (!(low > 0) || !(high >= low) || !(volume >= 0))
    throw new InvariantError(
      `${where}: needs 0 < low <= high and volume >= 0 (low ${low}, high ${high}, volume ${volume})`,
    );
  if (!(closeTime > openTime))
    throw new InvariantError(`${where}: close time ${isoTime(closeTime)} is not after its open`);
  throw new InvariantError(
    `${where}: closes at ${isoTime(closeTime)}, not after the previous bar (${isoTime(previousClose ?? NaN)}); feed one series in time order`,
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
  const posted = req.positionMargin;
  if (posted !== undefined && !(posted >= 0 && posted < Infinity))
    throw new InvariantError(`entry request: positionMargin must be a finite number >= 0 (got ${posted})`);
}
