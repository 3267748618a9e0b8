import type { ClientOrderId, EpochMs, Fill, OrderType, Side } from '../core/index.js';
import type { RiskView } from '../risk/risk.types.js';
import type { BarEvent, DataEvent, FundingRateEvent } from './events.types.js';

/** The account as the strategy may see it (read-only). */
export interface AccountView {
  readonly equity: number;
  readonly wallet: number;
  readonly marginUsed: number;
  readonly available: number;
}

/** The strategy's position in its symbol (undefined when flat). */
export interface PositionView {
  readonly symbol: string;
  /** Signed base quantity: + long, - short. */
  readonly quantity: number;
  readonly entryPrice: number;
  readonly leverage: number;
  readonly unrealisedPnl: number;
  readonly liquidationPrice: number | undefined;
  readonly openedAt: EpochMs;
}

/** A position to hold: the kernel sizes it as equity x leverage / price at the next fill. */
export interface TargetPosition {
  readonly side: 'long' | 'short' | 'flat';
  /** Notional as a multiple of equity; default: the strategy's configured leverage. */
  readonly leverage?: number;
  /** Why: `momentum`, `mean_reversion`, `funding_reversion`, `ema_cross`, ... (journal, reports). */
  readonly tag?: string;
  /** Expected edge as a fraction of notional (the risk engine weighs it against funding due soon). */
  readonly expectedEdge?: number;
  /** What the decision was based on (signals, weights, regime): journaled with it. */
  readonly snapshot?: unknown;
}

export interface OrderIntent {
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly price?: number;
  readonly triggerPrice?: number;
  readonly reduceOnly?: boolean;
  readonly tag?: string;
}

/** What a strategy can do. The same object backs backtests and live trading. */
export interface StrategyContext {
  readonly symbol: string;
  now(): EpochMs;
  account(): AccountView;
  position(): PositionView | undefined;
  /** Asks for a position; filled at the next opportunity (the next bar's open in a backtest). */
  setTarget(target: TargetPosition): void;
  submitOrder(order: OrderIntent): ClientOrderId;
  cancelOrder(id: ClientOrderId): void;
  /** The risk engine's current state (regime, halts, caps); undefined when the run has no risk engine. */
  risk(): RiskView | undefined;
  /** Calls `onTimer(name)` at `at` (not before). */
  setTimer(at: EpochMs, name: string): void;
  log(message: string): void;
}

/**
 * A trading strategy. Every hook is optional; a missing hook does nothing. Hooks run on the kernel's
 * single thread, in event order, and must return quickly (a hook's time counts toward the order-path
 * budget of 100 ms live). An exception thrown by a hook becomes a `StrategyError` naming the hook.
 */
export interface Strategy {
  readonly name: string;
  /** Called once before the first event. Default: nothing. */
  onStart?(ctx: StrategyContext): void;
  /**
   * Called at each bar's close, after fills of that bar were applied. Decisions made here fill at
   * the next bar's open. Default: nothing.
   * @param bar the bar that just closed
   * @param ctx what the strategy may read and do
   */
  onBar?(bar: BarEvent, ctx: StrategyContext): void;
  /** Called at each funding settlement, after the portfolio settled it. Default: nothing. */
  onFunding?(event: FundingRateEvent, ctx: StrategyContext): void;
  /** Called when an alternative datum becomes available (at its `availableAt`). Default: nothing. */
  onData?(event: DataEvent, ctx: StrategyContext): void;
  /** Called for each fill of this strategy's orders, after the portfolio applied it. Default: nothing. */
  onFill?(fill: Fill, ctx: StrategyContext): void;
  /** Called when a timer set with `ctx.setTimer` is due. Default: nothing. */
  onTimer?(name: string, ctx: StrategyContext): void;
  /** Called once after the last event. Default: nothing. */
  onStop?(ctx: StrategyContext): void;
}

/** Builds a strategy from its parameters (from config or the command line). */
export type StrategyFactory = (params: Readonly<Record<string, unknown>>) => Strategy;
