import type { EpochMs, OrderRequest, OrderState } from '../core/index.js';
import type { Candle } from '../data/index.js';
import type { EntryRequest, RiskAction, RiskDecision, RiskVerdict, RiskView } from '../risk/risk.types.js';
import type { FundingRateEvent } from '../strategy/index.js';

/** What the kernel needs of a venue to place orders (SimVenue in backtests, a ccxt venue live). */
export interface OrderPort {
  submit(request: OrderRequest, now: EpochMs, referencePrice: number): OrderState;
  /** Cancels a working order; returns its state (unchanged when it had already finished). */
  cancel(clientOrderId: OrderRequest['clientOrderId'], now: EpochMs): OrderState | undefined;
}

/**
 * What the kernel needs of the risk engine (`RiskEngine` in src/risk). Every entry (opening or growing
 * a position) passes `checkEntry`; reductions never do. A manual order first passes `checkManual`
 * (the weekend rule). The engine reports its own decisions.
 */
export interface RiskGate {
  onBar(candle: Candle, closeTime: EpochMs): readonly RiskAction[];
  onFunding(event: FundingRateEvent): void;
  onEquity(time: EpochMs, equity: number): void;
  checkEntry(request: EntryRequest): RiskVerdict;
  /** May a human do this now? The refusal (already reported), or undefined when allowed. */
  checkManual(kind: 'override' | 'safety_halt', time: EpochMs): RiskDecision | undefined;
  view(time: EpochMs): RiskView;
}
