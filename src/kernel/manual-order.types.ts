import type { ClientOrderId } from '../core/index.js';
import type { RiskDecision } from '../risk/risk.types.js';
import type { TargetPosition } from '../strategy/index.js';

/** What a human adds to a manual action: journaled with its decision and with the trade it touches. */
export interface ManualNote {
  /** Why the operator acts, in their words (not empty). */
  readonly operatorNote: string;
  /** The playbook's "emotional state" tag, free text (`calm`, `fomo`, ...). */
  readonly mood?: string | undefined;
  /** How sure the operator is, in [0, 1]. */
  readonly confidence?: number | undefined;
}

/** A discretionary order from the operator (API, CLI): a market order of `quantity` base units. */
export interface ManualOrderRequest extends ManualNote {
  readonly side: 'buy' | 'sell';
  /** Base units, > 0; rounded down to the contract's step. */
  readonly quantity: number;
}

/**
 * The kernel's answer to a manual order. Sent: the order went to the venue (`quantity` may be less
 * than asked when a risk cap resized it; `decisions` then says why). Refused: nothing was sent;
 * `rule` is the risk rule (`weekend_manual`, `margin_cap`, `thin_hours`, `min_size`, ...) or one of
 * the kernel's own (`manual_pending`, `no_price`, `venue_rejected`).
 */
export type ManualOrderResult =
  | {
      readonly ok: true;
      readonly clientOrderId: ClientOrderId;
      readonly side: 'buy' | 'sell';
      /** Quantity sent (after rounding to the step and the risk engine's resize). */
      readonly quantity: number;
      /** Quantity asked, rounded down to the step. */
      readonly requested: number;
      readonly reduceOnly: boolean;
      readonly leverage: number;
      readonly decisions: readonly RiskDecision[];
    }
  | {
      readonly ok: false;
      readonly rule: string;
      readonly message: string;
      readonly decisions: readonly RiskDecision[];
    };

/** The answer to a safety flatten: the closing order, or nothing when already flat. */
export interface FlattenResult {
  readonly clientOrderId: ClientOrderId | undefined;
  /** Signed position being closed (0 when flat). */
  readonly quantity: number;
}

/** Journaled detail of a `manual_order` decision: what was asked and what came of it. */
export interface ManualOrderDetail {
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly outcome: 'sent' | 'refused';
  readonly clientOrderId?: ClientOrderId;
  readonly sentQuantity?: number;
  readonly rule?: string;
  readonly message?: string;
}

/** Journaled detail of a `target_held` decision: a strategy target not acted on, and why. */
export interface HeldTargetDetail {
  readonly target: TargetPosition;
  /** The manual order that put the position under manual control. */
  readonly manualOrder: ClientOrderId;
  readonly reason: string;
}

/** Journaled detail of a `manual_flatten` decision (a safety halt from the operator). */
export interface FlattenDetail {
  readonly tag: string;
  readonly quantity: number;
  readonly clientOrderId?: ClientOrderId;
}
