import type { CapStep } from './cap-step.types.js';
import { num, pct } from './format.js';
import type { LiquidityReading } from './liquidity-window.js';
import type { EntryRequest } from './risk.types.js';
import { capQuantity, type Sizing } from './sizing.js';

/** The position's notional after the entry may not exceed a share of what the market traded recently. */
export function applyLiquidityCap(
  req: EntryRequest,
  sizing: Sizing,
  liquidity: LiquidityReading,
  maxVolumeFraction: number,
): CapStep {
  const notionalAfter = Math.abs(sizing.quantity) * req.price;
  const maxNotional = maxVolumeFraction * liquidity.tradedNotional;
  const window = `the last ${num(liquidity.windowHours)} h`;
  if (liquidity.bars === 0) {
    return {
      sizing: { ...sizing, quantity: sizing.base },
      refused: true,
      finding: {
        rule: 'liquidity_cap',
        numbers: { notionalAfter, tradedNotional: 0, maxVolumeFraction, windowHours: liquidity.windowHours },
        message: `no bars seen yet: the liquidity cap has no traded volume over ${window} to size against`,
      },
    };
  }
  if (notionalAfter <= maxNotional) return { sizing };
  const capped = capQuantity(sizing, maxNotional / req.price, req.stepSize);
  const quantity = capped.kind === 'resized' ? capped.quantity : sizing.base;
  const numbers = {
    notionalAfter,
    tradedNotional: liquidity.tradedNotional,
    maxVolumeFraction,
    maxNotional,
    windowHours: liquidity.windowHours,
    allowedQuantity: quantity,
  };
  const over =
    `notional ${num(notionalAfter)} > ${pct(maxVolumeFraction)} of ${num(liquidity.tradedNotional)} traded ` +
    `over ${window} = ${num(maxNotional)}`;
  if (capped.kind !== 'resized') {
    return {
      sizing: { ...sizing, quantity },
      refused: true,
      finding: { rule: 'liquidity_cap', numbers, message: `${over}: no room to grow the position` },
    };
  }
  return {
    sizing: { ...sizing, quantity },
    finding: {
      rule: 'liquidity_cap',
      numbers,
      message: `${over}: position cut from ${num(sizing.quantity)} to ${num(quantity)}`,
    },
  };
}
