import { type ClientOrderId, NmrbotError, OrderStatus } from '../core/index.js';

/** Where a live order is in its life, as the order manager tracks it. */
export const LiveOrderStatus = {
  /** Decided and accepted by the order manager; not yet on the wire (rate limit, lookup first). */
  New: 'new',
  /** The create request is on the wire; the exchange has not answered. */
  Submitted: 'submitted',
  /** The exchange has the order (resting, or a stop waiting for its trigger). */
  Acknowledged: 'acknowledged',
  PartiallyFilled: 'partially_filled',
  Filled: 'filled',
  Cancelled: 'cancelled',
  /** The exchange (or the order manager, for a request it could not place) refused it. */
  Rejected: 'rejected',
  /** The exchange ended it without a cancel (IOC remainder, GTD time). */
  Expired: 'expired',
} as const;
export type LiveOrderStatus = (typeof LiveOrderStatus)[keyof typeof LiveOrderStatus];

const RANK: Readonly<Record<LiveOrderStatus, number>> = {
  new: 0,
  submitted: 1,
  acknowledged: 2,
  partially_filled: 3,
  filled: 4,
  cancelled: 4,
  rejected: 4,
  expired: 4,
};

export function isTerminal(status: LiveOrderStatus): boolean {
  return RANK[status] === 4;
}

/** `applied`: the order moves on; `stale`: a duplicate or late report of an earlier stage, ignored. */
export type TransitionOutcome = 'applied' | 'stale';

/** A report that cannot happen to this order (a filled order cancelled, an accepted one rejected). */
export class OrderTransitionError extends NmrbotError {
  override readonly name = 'OrderTransitionError';
  readonly code = 'ORDER_TRANSITION_IMPOSSIBLE';
  constructor(
    readonly clientOrderId: string,
    readonly from: LiveOrderStatus,
    readonly to: LiveOrderStatus,
  ) {
    super(`order ${clientOrderId} cannot go from ${from} to ${to}`);
  }
}

/**
 * Checks `from → to`. Reports arrive twice (REST and websocket) and out of order, so an earlier stage
 * or the same stage again is stale, not an error; more fills on a partially filled order are progress.
 * @throws OrderTransitionError for what no exchange can report: a second, different end (filled then
 *   cancelled), a rejection after acceptance, or anything but sending, refusing or cancelling an
 *   unsent order.
 */
export function checkTransition(
  clientOrderId: ClientOrderId | string,
  from: LiveOrderStatus,
  to: LiveOrderStatus,
): TransitionOutcome {
  if (from === to) return to === LiveOrderStatus.PartiallyFilled ? 'applied' : 'stale';
  if (isTerminal(from)) {
    if (isTerminal(to)) throw new OrderTransitionError(clientOrderId, from, to);
    return 'stale';
  }
  if (RANK[to] < RANK[from]) return 'stale';
  if (
    from === LiveOrderStatus.New &&
    to !== LiveOrderStatus.Submitted &&
    to !== LiveOrderStatus.Rejected &&
    to !== LiveOrderStatus.Cancelled
  )
    throw new OrderTransitionError(clientOrderId, from, to);
  if (to === LiveOrderStatus.Rejected && RANK[from] >= RANK[LiveOrderStatus.Acknowledged])
    throw new OrderTransitionError(clientOrderId, from, to);
  return 'applied';
}

/** The kernel's view: it knows working (open, partially filled) and finished orders only. */
export function coreStatus(status: LiveOrderStatus): OrderStatus {
  switch (status) {
    case LiveOrderStatus.New:
    case LiveOrderStatus.Submitted:
    case LiveOrderStatus.Acknowledged:
      return OrderStatus.Open;
    case LiveOrderStatus.PartiallyFilled:
      return OrderStatus.PartiallyFilled;
    case LiveOrderStatus.Filled:
      return OrderStatus.Filled;
    case LiveOrderStatus.Cancelled:
    case LiveOrderStatus.Expired:
      return OrderStatus.Canceled;
    case LiveOrderStatus.Rejected:
      return OrderStatus.Rejected;
    default: {
      const unhandled: never = status;
      throw new TypeError(`unknown live order status ${String(unhandled)}`);
    }
  }
}
