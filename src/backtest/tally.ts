import type { Fill, OrderState } from '../core/index.js';
import type { KernelObserver } from '../kernel/index.js';
import type { RiskDecision, RiskRule } from '../risk/index.js';
import type { FundingRateEvent } from '../strategy/index.js';
import type { RiskTally } from './backtest.types.js';

/** Counts and sums for the result, forwarding every event to the caller's observer. */
export class Tally implements KernelObserver {
  orders = 0;
  rejected = 0;
  fills = 0;
  fees = 0;
  slippage = 0;
  fundingSettlements = 0;
  fundingPaid = 0;
  fundingReceived = 0;
  riskRefused = 0;
  riskResized = 0;
  breakerTrips = 0;
  #byRule = new Map<RiskRule, { refused: number; resized: number; halted: number }>();
  #seen = new Set<string>();
  #rejected = new Set<string>();

  constructor(readonly next: KernelObserver | undefined) {
    const n = next;
    if (n?.onDecision) this.onDecision = (d) => n.onDecision?.(d);
    if (n?.onTrade) this.onTrade = (t) => n.onTrade?.(t);
    if (n?.onLiquidation) this.onLiquidation = (s, t, r) => n.onLiquidation?.(s, t, r);
    if (n?.onLog) this.onLog = (t, m) => n.onLog?.(t, m);
  }

  onDecision?: KernelObserver['onDecision'];
  onTrade?: KernelObserver['onTrade'];
  onLiquidation?: KernelObserver['onLiquidation'];
  onLog?: KernelObserver['onLog'];

  onOrder(order: OrderState): void {
    if (!this.#seen.has(order.clientOrderId)) {
      this.#seen.add(order.clientOrderId);
      this.orders++;
    }
    if (order.status === 'rejected' && !this.#rejected.has(order.clientOrderId)) {
      this.#rejected.add(order.clientOrderId);
      this.rejected++;
    }
    this.next?.onOrder?.(order);
  }

  onFill(fill: Fill): void {
    this.fills++;
    this.fees += fill.fee;
    this.slippage += fill.slippageCost;
    this.next?.onFill?.(fill);
  }

  onRiskDecision(d: RiskDecision): void {
    let r = this.#byRule.get(d.rule);
    if (!r) this.#byRule.set(d.rule, (r = { refused: 0, resized: 0, halted: 0 }));
    if (d.outcome === 'refused') {
      this.riskRefused++;
      r.refused++;
    } else if (d.outcome === 'resized') {
      this.riskResized++;
      r.resized++;
    } else if (d.outcome === 'halted') {
      r.halted++;
    } else if (d.outcome === 'flatten') {
      r.halted++;
      this.breakerTrips++;
    }
    this.next?.onRiskDecision?.(d);
  }

  riskByRule(): RiskTally {
    return Object.fromEntries([...this.#byRule].sort(([a], [b]) => a.localeCompare(b)));
  }

  onFunding(event: FundingRateEvent, cashflow: number | undefined): void {
    if (cashflow !== undefined) {
      this.fundingSettlements++;
      if (cashflow < 0) this.fundingPaid -= cashflow;
      else this.fundingReceived += cashflow;
    }
    this.next?.onFunding?.(event, cashflow);
  }
}
