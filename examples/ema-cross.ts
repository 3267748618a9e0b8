/**
 * ema-cross: the example strategy the docs walk through (docs/strategies.md).
 *
 * EMA(12) and EMA(26) of closes, alpha = 2/(n+1), each seeded with the first close. No signal
 * before 26 bars have closed. At each close: EMA(12) above EMA(26) -> target long, below -> short,
 * equal -> keep. A change of target closes the position and opens the other side in one fill,
 * sized by the kernel as floor_to_step(equity x leverage / fill price).
 */
import { Ema } from '../src/signals/index.js';
import type { BarEvent, Strategy, StrategyContext, StrategyFactory } from '../src/strategy/index.js';

export interface EmaCrossParams {
  readonly fast: number;
  readonly slow: number;
  /** Leverage of each position; unset: the run's leverage (`--leverage`, `backtest.leverage`, default 1). */
  readonly leverage?: number;
}

export const EMA_CROSS_DEFAULTS: EmaCrossParams = { fast: 12, slow: 26 };

export const createStrategy: StrategyFactory = (params) => {
  const p: EmaCrossParams = { ...EMA_CROSS_DEFAULTS, ...numericParams(params) };
  const fast = new Ema(p.fast);
  const slow = new Ema(p.slow);
  let target: 'long' | 'short' | undefined;

  const strategy: Strategy = {
    name: 'ema-cross',
    onBar(bar: BarEvent, ctx: StrategyContext): void {
      const f = fast.add(bar.candle.close);
      const s = slow.add(bar.candle.close);
      if (f === null || s === null || f === s) return;
      const next = f > s ? 'long' : 'short';
      if (next === target) return;
      target = next;
      ctx.setTarget(
        p.leverage === undefined
          ? { side: next, tag: 'ema_cross' }
          : { side: next, leverage: p.leverage, tag: 'ema_cross' },
      );
    },
  };
  return strategy;
};

/** Keeps the numeric parameters this strategy knows; anything else is ignored. */
function numericParams(params: Readonly<Record<string, unknown>>): Partial<EmaCrossParams> {
  const out: Partial<Record<keyof EmaCrossParams, number>> = {};
  for (const key of ['fast', 'slow', 'leverage'] as const) {
    const v = params[key];
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
  }
  return out;
}
