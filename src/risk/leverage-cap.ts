import type { CapStep } from './cap-step.types.js';
import { num } from './format.js';
import type { ActiveLimits } from './limits.js';
import type { EntryRequest } from './risk.types.js';
import { capQuantity, type Sizing } from './sizing.js';

/**
 * Leverage above the active cap is cut to the cap and the position after the entry scaled by
 * cap / asked, so the margin the strategy meant to commit stays the same.
 */
export function applyLeverageCap(req: EntryRequest, sizing: Sizing, limits: ActiveLimits): CapStep {
  const cap = limits.maxLeverage;
  if (sizing.leverage <= cap) return { sizing };
  const scaledAbs = (Math.abs(sizing.quantity) * cap) / sizing.leverage;
  const capped = capQuantity(sizing, scaledAbs, req.stepSize);
  const quantity =
    capped.kind === 'resized' ? capped.quantity : capped.kind === 'within' ? sizing.quantity : sizing.base;
  const why = limits.leverageRule === 'high_volatility' ? 'the high-volatility cap' : 'the cap';
  const numbers = {
    askedLeverage: sizing.leverage,
    maxLeverage: cap,
    desiredQuantity: sizing.quantity,
    allowedQuantity: quantity,
  };
  const next = { ...sizing, quantity, leverage: cap };
  if (capped.kind === 'nothing_left') {
    return {
      sizing: next,
      refused: true,
      finding: {
        rule: limits.leverageRule,
        numbers,
        message:
          `leverage ${num(sizing.leverage)}x is above ${why} of ${num(cap)}x; at the same margin the position ` +
          `would be ${num(scaledAbs)}, not above the current ${num(Math.abs(sizing.base))}: nothing to enter`,
      },
    };
  }
  return {
    sizing: next,
    finding: {
      rule: limits.leverageRule,
      numbers,
      message:
        `leverage ${num(sizing.leverage)}x is above ${why} of ${num(cap)}x: cut to ${num(cap)}x and the position ` +
        `from ${num(sizing.quantity)} to ${num(quantity)} (same margin)`,
    },
  };
}
