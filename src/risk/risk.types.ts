import type { EpochMs } from '../core/index.js';
import type { Regime } from '../signals/signal.types.js';

/** Every rule the risk engine enforces; each refusal, resize or state change names one. */
export const RISK_RULES = [
  'leverage_cap',
  'margin_cap',
  'high_volatility',
  'circuit_breaker',
  'thin_hours',
  'event_blackout',
  'weekend_manual',
  'funding_cycle',
  'liquidity_cap',
  'daily_loss_halt',
  'max_drawdown_halt',
  'min_size',
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

/** The rules that stop entries for a while; each keeps its own end time. */
export const HALT_RULES = [
  'circuit_breaker',
  'daily_loss_halt',
  'max_drawdown_halt',
] as const satisfies readonly RiskRule[];
export type HaltRule = (typeof HALT_RULES)[number];

/** One halt: entries stay refused until `until` (epoch ms, exclusive). */
export interface RiskHalt {
  readonly rule: HaltRule;
  readonly until: number;
}

/** Who asked: the strategy (`auto`) or a human through the API/CLI (`manual`). */
export type Origin = 'auto' | 'manual';

/**
 * A request to open or grow a position (a reduction never comes here: it is always allowed).
 * Quantities are signed base units (+ long, - short).
 */
export interface EntryRequest {
  readonly time: EpochMs;
  readonly symbol: string;
  /** The position now (0 when flat). */
  readonly currentQuantity: number;
  /** The position wanted after the order; same sign as the entry side. */
  readonly desiredQuantity: number;
  /** Leverage asked for, x. */
  readonly leverage: number;
  /** Price the order is expected to fill at (the sizing price). */
  readonly price: number;
  /** Account equity (wallet + unrealised PnL) now. */
  readonly equity: number;
  /** Margin committed to positions in other symbols (this symbol's own margin is recomputed). */
  readonly otherMargin: number;
  /**
   * Margin posted for the current position (isolated), if known. Given, the margin after growing it is
   * this plus the increase at `leverage` and `price`; otherwise the whole position is valued at them.
   */
  readonly positionMargin?: number | undefined;
  /** Step size of the contract: resized quantities round down to it. */
  readonly stepSize: number;
  /** The strategy's expected edge as a fraction of notional (for example 0.004); unknown -> 0. */
  readonly expectedEdge?: number | undefined;
  readonly origin: Origin;
}

/** A risk decision as journaled: the rule, what happened and the numbers that decided it. */
export interface RiskDecision {
  readonly time: EpochMs;
  readonly symbol: string;
  readonly rule: RiskRule;
  /**
   * resized/refused: an entry request was cut or turned down; halted/resumed: entries stopped or
   * started again; flatten: every position is to be closed now (circuit breaker).
   */
  readonly outcome: 'resized' | 'refused' | 'halted' | 'resumed' | 'flatten';
  /** One human sentence with the numbers, e.g. `margin 4,500 > 40% of equity 10,000 = 4,000`. */
  readonly message: string;
  readonly numbers: Readonly<Record<string, number>>;
  readonly origin: Origin;
}

/** The answer to an `EntryRequest`. */
export interface RiskVerdict {
  /**
   * Signed quantity allowed: `desiredQuantity` if accepted; between current and desired if resized;
   * if refused, `currentQuantity` (or 0 when the request flips the side: the closing part of a flip
   * is a reduction and always allowed).
   */
  readonly quantity: number;
  /** Leverage allowed (<= asked). */
  readonly leverage: number;
  /** Empty when the request passed unchanged; otherwise one decision per rule that cut or refused it. */
  readonly decisions: readonly RiskDecision[];
}

/** What the risk engine tells the kernel to do after seeing market data. */
export interface RiskAction {
  readonly type: 'flatten';
  readonly decision: RiskDecision;
}

/** What a strategy, the dashboard or the journal may see of the risk state. */
export interface RiskView {
  readonly regime: Regime;
  /** Entries are halted until this time (circuit-breaker calm, daily loss: end of UTC day), if any. */
  readonly haltedUntil: EpochMs | undefined;
  /** The rule behind the current halt. */
  readonly haltRule: RiskRule | undefined;
  readonly maxLeverage: number;
  readonly maxMarginFraction: number;
}

/** The state that must survive a restart (halts, calm-until, the day's start equity, the equity peak). */
export interface RiskStateSnapshot {
  readonly version: 1;
  readonly haltedUntil: number | null;
  readonly haltRule: RiskRule | null;
  readonly lastBreakerTrip: number | null;
  readonly dayStart: number | null;
  readonly dayStartEquity: number | null;
  readonly peakEquity: number | null;
  /**
   * Every halt not yet ended, in `HALT_RULES` order; `haltedUntil`/`haltRule` name the one that ends
   * last. Absent in a snapshot that only knows that summary (it is then the only halt).
   */
  readonly halts?: readonly RiskHalt[];
}
