import { type OrderState, OrderType, Side } from '../core/index.js';
import { firstReach, type IntrabarPath } from './intrabar-path.js';
import { isWorking } from './order-states.js';

/** The venue's record of one order. */
export interface WorkingOrder {
  state: OrderState;
  /** A stop whose trigger was reached: its remainder is a market order (fills at the next open). */
  triggered: boolean;
  /** Submission order, the last tie-breaker. */
  readonly seq: number;
}

/** Something the intrabar path reaches: a liquidation (no `order`), a stop trigger or a limit price. */
export interface PathEvent {
  /** Position along the path, 0 (open) to 3 (close). */
  readonly at: number;
  /** Tie-break, pessimistic: liquidation (0) before stops (1) before limits (2). */
  readonly rank: 0 | 1 | 2;
  readonly seq: number;
  readonly order?: WorkingOrder;
}

/**
 * Everything the path reaches, in the order it reaches it. Stops trigger on touch (sell stops when
 * the price falls to the trigger, buy stops when it rises to it). Limits fill only when the path
 * trades strictly through their price: a touch may leave a resting order unfilled in the queue, so
 * the pessimistic reading is that it did. Triggered stops wait for the next open and are skipped.
 */
export function planPathEvents(
  path: IntrabarPath,
  orders: Iterable<WorkingOrder>,
  liquidation: { readonly price: number; readonly side: 'long' | 'short' } | undefined,
): PathEvent[] {
  const events: PathEvent[] = [];
  if (liquidation) {
    const at = firstReach(path, liquidation.price, liquidation.side === 'long' ? 'down' : 'up', false);
    if (at !== undefined) events.push({ at, rank: 0, seq: -1 });
  }
  for (const order of orders) {
    const s = order.state;
    if (!isWorking(s) || order.triggered) continue;
    const sell = s.side === Side.Sell;
    if (s.type === OrderType.StopMarket && s.triggerPrice !== undefined) {
      const at = firstReach(path, s.triggerPrice, sell ? 'down' : 'up', false);
      if (at !== undefined) events.push({ at, rank: 1, seq: order.seq, order });
    } else if (s.type === OrderType.Limit && s.price !== undefined) {
      const at = firstReach(path, s.price, sell ? 'up' : 'down', true);
      if (at !== undefined) events.push({ at, rank: 2, seq: order.seq, order });
    }
  }
  return events.sort((a, b) => a.at - b.at || a.rank - b.rank || a.seq - b.seq);
}
