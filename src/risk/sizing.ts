import { roundToIncrement } from '../execution/index.js';
import type { EntryRequest } from './risk.types.js';

/** An entry as the caps see it: quantities signed (+ long, - short). */
export interface Sizing {
  /** Where the entry starts: the current position on the same side, or 0 for a new side or a flip. */
  readonly base: number;
  /** The position after the entry, as allowed so far. */
  readonly quantity: number;
  /** The leverage allowed so far, x. */
  readonly leverage: number;
}

/**
 * The position the entry grows from. On a flip the closing part is a reduction (always allowed), so
 * the entry is the new side from 0.
 */
export function entryBase(req: EntryRequest): number {
  return Math.sign(req.currentQuantity) === Math.sign(req.desiredQuantity) ? req.currentQuantity : 0;
}

/** True when the request opens or grows a position (anything else is a reduction and always allowed). */
export function isEntry(req: EntryRequest): boolean {
  return req.desiredQuantity !== 0 && Math.abs(req.desiredQuantity) > Math.abs(entryBase(req));
}

export type CapResult =
  | { readonly kind: 'within' }
  | { readonly kind: 'resized'; readonly quantity: number }
  | { readonly kind: 'nothing_left' };

/**
 * Caps the position after the entry at `maxAbs` base units. The increase over the base is truncated to
 * the step (toward zero), so the order stays a whole number of steps; a cap at or below the base leaves
 * nothing to enter.
 */
export function capQuantity(sizing: Sizing, maxAbs: number, stepSize: number): CapResult {
  const desiredAbs = Math.abs(sizing.quantity);
  if (desiredAbs <= maxAbs) return { kind: 'within' };
  const baseAbs = Math.abs(sizing.base);
  if (!(maxAbs > baseAbs)) return { kind: 'nothing_left' };
  const increase = roundToIncrement(maxAbs - baseAbs, stepSize, 'down');
  const quantity = Math.sign(sizing.quantity) * Math.min(baseAbs + increase, desiredAbs);
  return { kind: 'resized', quantity: quantity === 0 ? 0 : quantity }; // never -0
}
