import { InvariantError } from '../../core/index.js';

/** A close the price signals can take a logarithm of: finite and above zero. */
export function checkClose(close: number): number {
  if (!Number.isFinite(close) || close <= 0)
    throw new InvariantError(`a price signal needs a finite close above 0 (got ${close})`);
  return close;
}
