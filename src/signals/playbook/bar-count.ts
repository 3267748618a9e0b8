import { HOUR_MS } from '../../core/index.js';

/** A duration in hours as a whole number of bars of `barMs`, rounded to nearest, at least `min`. */
export function hoursToBars(hours: number, barMs: number, min = 1): number {
  return Math.max(min, Math.round((hours * HOUR_MS) / barMs));
}

/** A bar length must be a positive whole number of milliseconds. */
export function checkBarMs(barMs: number): number {
  if (!Number.isInteger(barMs) || barMs <= 0)
    throw new RangeError(`bar length must be a positive integer of milliseconds (got ${barMs})`);
  return barMs;
}
