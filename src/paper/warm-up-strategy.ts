import type { ClientOrderId, EpochMs } from '../core/index.js';
import type { Strategy, StrategyContext } from '../strategy/index.js';

/**
 * The strategy as it should see the history a session starts with: every hook runs, so its signals
 * warm up, but before `tradeFrom` its targets and orders are dropped (the bot was not running then).
 * `freqtrade` calls this the startup candle count; here it is a time, so a restart warms up the same way.
 */
export function warmingUp(strategy: Strategy, tradeFrom: EpochMs): Strategy {
  let dropped = 0;
  const guard = (ctx: StrategyContext): StrategyContext => {
    if (ctx.now() >= tradeFrom) return ctx;
    return {
      ...bindAll(ctx),
      setTarget: () => undefined,
      submitOrder: () => `warm-up-${++dropped}` as ClientOrderId,
      cancelOrder: () => undefined,
    };
  };
  const s = strategy;
  return {
    name: s.name,
    ...(s.onStart && { onStart: (ctx) => s.onStart?.(guard(ctx)) }),
    ...(s.onBar && { onBar: (bar, ctx) => s.onBar?.(bar, guard(ctx)) }),
    ...(s.onFunding && { onFunding: (event, ctx) => s.onFunding?.(event, guard(ctx)) }),
    ...(s.onData && { onData: (event, ctx) => s.onData?.(event, guard(ctx)) }),
    ...(s.onFill && { onFill: (fill, ctx) => s.onFill?.(fill, guard(ctx)) }),
    ...(s.onTimer && { onTimer: (name, ctx) => s.onTimer?.(name, guard(ctx)) }),
    ...(s.onStop && { onStop: (ctx) => s.onStop?.(guard(ctx)) }),
  };
}

/** A plain copy of the context whose methods still act on the original. */
function bindAll(ctx: StrategyContext): StrategyContext {
  return {
    symbol: ctx.symbol,
    now: () => ctx.now(),
    account: () => ctx.account(),
    position: () => ctx.position(),
    setTarget: (t) => ctx.setTarget(t),
    submitOrder: (o) => ctx.submitOrder(o),
    cancelOrder: (id) => ctx.cancelOrder(id),
    risk: () => ctx.risk(),
    setTimer: (at, name) => ctx.setTimer(at, name),
    log: (m) => ctx.log(m),
  };
}
