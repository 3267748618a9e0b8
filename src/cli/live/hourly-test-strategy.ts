import type { ClientOrderId } from '../../core/index.js';
import type { StrategyFactory } from '../../strategy/index.js';

const HOUR_MS = 3_600_000;

/**
 * A TEST strategy for the kill -9 test (not for trading): on every full hour it enters when flat
 * (long on even hours, short on odd ones) and exits when in a position, so the bot holds a position
 * half of the time, and protects every entry with a reduce-only stop at `stopLossPct` (default 2.5%)
 * from the entry, as the playbook does. Its decisions depend only on the bar time and the position,
 * so a restarted process decides as the killed one would have.
 */
export const createStrategy: StrategyFactory = (params) => {
  const stopLossPct = Number(params['stopLossPct'] ?? 0.025);
  let stopId: ClientOrderId | undefined;
  return {
    name: 'hourly-test',
    onBar(bar, ctx) {
      if (bar.closeTime % HOUR_MS !== 0) return;
      if (ctx.position()) ctx.setTarget({ side: 'flat', tag: 'hour_exit' });
      else
        ctx.setTarget({
          side: Math.floor(bar.closeTime / HOUR_MS) % 2 === 0 ? 'long' : 'short',
          leverage: 2,
          tag: 'hour_entry',
        });
    },
    onFill(fill, ctx) {
      const position = ctx.position();
      if (!position) {
        stopId = undefined;
        return;
      }
      if (fill.reduceOnly) return;
      if (stopId !== undefined) ctx.cancelOrder(stopId);
      const long = position.quantity > 0;
      stopId = ctx.submitOrder({
        side: long ? 'sell' : 'buy',
        type: 'stop_market',
        quantity: Math.abs(position.quantity),
        triggerPrice: position.entryPrice * (long ? 1 - stopLossPct : 1 + stopLossPct),
        reduceOnly: true,
        tag: 'stop_loss',
      });
    },
  };
};
