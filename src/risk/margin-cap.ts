import type { CapStep } from './cap-step.types.js';
import { num, pct } from './format.js';
import type { ActiveLimits } from './limits.js';
import type { EntryRequest } from './risk.types.js';
import { capQuantity, type Sizing } from './sizing.js';

/**
 * Margin after the entry (this symbol's whole position at the allowed leverage, plus the margin in
 * other symbols) may not exceed the active fraction of equity; the position is cut to fit.
 */
export function applyMarginCap(req: EntryRequest, sizing: Sizing, limits: ActiveLimits): CapStep {
  const fraction = limits.maxMarginFraction;
  const maxMargin = fraction * req.equity;
  const marginAfter = (Math.abs(sizing.quantity) * req.price) / sizing.leverage + req.otherMargin;
  if (marginAfter <= maxMargin) return { sizing };
  const maxAbs = ((maxMargin - req.otherMargin) * sizing.leverage) / req.price;
  const capped = capQuantity(sizing, maxAbs, req.stepSize);
  const quantity = capped.kind === 'resized' ? capped.quantity : sizing.base;
  const numbers = {
    marginAfter,
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
