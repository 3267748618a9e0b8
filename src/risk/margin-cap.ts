import type { CapStep } from './cap-step.types.js';
import { num, pct } from './format.js';
import type { ActiveLimits } from './limits.js';
import type { EntryRequest } from './risk.types.js';
import { capQuantity, type Sizing } from './sizing.js';

/**
 * Margin after the entry may not exceed the active fraction of equity; the position is cut to fit. The
 * margin after is the margin in other symbols plus this symbol's position: valued whole at the allowed
 * leverage and the price, or, when the request gives the margin already posted for it, that plus the
 * increase (an isolated position grown at another leverage keeps the margin it posted).
 */
export function applyMarginCap(req: EntryRequest, sizing: Sizing, limits: ActiveLimits): CapStep {
  const fraction = limits.maxMarginFraction;
  const maxMargin = fraction * req.equity;
  const baseAbs = Math.abs(sizing.base);
  // A flip starts from 0: the old side's margin comes back when it closes.
  const posted = sizing.base !== 0 ? req.positionMargin : undefined;
  const marginOf = (quantity: number): number => (quantity * req.price) / sizing.leverage;
  const marginAfter =
    (posted === undefined
      ? marginOf(Math.abs(sizing.quantity))
      : posted + marginOf(Math.abs(sizing.quantity) - baseAbs)) + req.otherMargin;
  if (marginAfter <= maxMargin) return { sizing };
  const room = maxMargin - req.otherMargin - (posted ?? 0);
  const maxAbs = (posted === undefined ? 0 : baseAbs) + (room * sizing.leverage) / req.price;
  const capped = capQuantity(sizing, maxAbs, req.stepSize);
  const quantity = capped.kind === 'resized' ? capped.quantity : sizing.base;
  const numbers = {
    marginAfter,
    ...(posted === undefined ? {} : { positionMargin: posted }),
    otherMargin: req.otherMargin,
    equity: req.equity,
    maxMarginFraction: fraction,
    maxMargin,
    leverage: sizing.leverage,
    price: req.price,
    allowedQuantity: quantity,
  };
  const other = req.otherMargin >= 0.01 ? ` (${num(req.otherMargin)} of it in other symbols)` : '';
  const over = `margin ${num(marginAfter)}${other} > ${pct(fraction)} of equity ${num(req.equity)} = ${num(maxMargin)}`;
  if (capped.kind !== 'resized') {
    return {
      sizing: { ...sizing, quantity },
      refused: true,
      finding: { rule: limits.marginRule, numbers, message: `${over}: no room to grow the position` },
    };
  }
  return {
    sizing: { ...sizing, quantity },
    finding: {
      rule: limits.marginRule,
      numbers,
      message: `${over}: position cut from ${num(sizing.quantity)} to ${num(quantity)} at ${num(sizing.leverage)}x`,
    },
  };
}
