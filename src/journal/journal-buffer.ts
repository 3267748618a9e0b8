import type { EpochMs, Fill, OrderState } from '../core/index.js';
import type { Decision, TradeRecord } from '../kernel/index.js';
import type { RiskDecision } from '../risk/index.js';
import type {
  EquitySample,
  FundingPayment,
  JournalBatch,
  JournalDecision,
  JournalRiskDecision,
  JournalTrade,
  LiquidationRecord,
  LogLine,
  OperatorNote,
} from './journal.types.js';

/**
 * Rows of one run waiting to be written, and the run's counters (sequence numbers, orders and trades
 * seen). Order updates between two writes collapse into the latest state of each order.
 */
export class JournalBuffer {
  readonly runId: string;
  #orderSeq = new Map<string, number>();
  #tradeIds = new Set<number>();
  #fillSeq = 0;
  #decisionSeq = 0;
  #riskSeq = 0;
  #logSeq = 0;
  #orders = new Map<string, { seq: number; order: OrderState }>();
  #fills: { seq: number; fill: Fill }[] = [];
  #trades: JournalTrade[] = [];
  #decisions: JournalDecision[] = [];
  #riskDecisions: JournalRiskDecision[] = [];
  #funding: FundingPayment[] = [];
  #liquidations: LiquidationRecord[] = [];
  #equity: EquitySample[] = [];
  #logs: LogLine[] = [];
  #rows = 0;

  constructor(runId: string) {
    this.runId = runId;
  }

  /** Rows waiting (an order counts once however often it changed). */
  get rows(): number {
    return this.#rows;
  }

  hasTrade(id: number): boolean {
    return this.#tradeIds.has(id);
  }

  order(order: OrderState): void {
    let seq = this.#orderSeq.get(order.clientOrderId);
    if (seq === undefined) {
      seq = this.#orderSeq.size + 1;
      this.#orderSeq.set(order.clientOrderId, seq);
    }
    if (!this.#orders.has(order.clientOrderId)) this.#rows++;
    this.#orders.set(order.clientOrderId, { seq, order });
  }

  fill(fill: Fill): void {
    this.#fills.push({ seq: ++this.#fillSeq, fill });
    this.#rows++;
  }

  trade(trade: TradeRecord | JournalTrade): void {
    this.#tradeIds.add(trade.id);
    this.#trades.push(journalTrade(trade));
    this.#rows++;
  }

  decision(decision: Decision & OperatorNote): void {
    this.#decisions.push({ seq: ++this.#decisionSeq, ...decision });
    this.#rows++;
  }

  riskDecision(decision: RiskDecision): void {
    this.#riskDecisions.push({ seq: ++this.#riskSeq, ...decision });
    this.#rows++;
  }

  funding(payment: FundingPayment): void {
    this.#funding.push(payment);
    this.#rows++;
  }

  liquidation(record: LiquidationRecord): void {
    this.#liquidations.push(record);
    this.#rows++;
  }

  equity(sample: EquitySample): void {
    this.#equity.push(sample);
    this.#rows++;
  }

  log(time: EpochMs, message: string): void {
    this.#logs.push({ seq: ++this.#logSeq, time, message });
    this.#rows++;
  }

  /** Hands over the waiting rows as a batch and starts a new one. */
  take(): JournalBatch {
    const batch: JournalBatch = {
      runId: this.runId,
      orders: [...this.#orders.values()],
      fills: this.#fills,
      trades: this.#trades,
      decisions: this.#decisions,
      riskDecisions: this.#riskDecisions,
      funding: this.#funding,
      liquidations: this.#liquidations,
      equity: this.#equity,
      logs: this.#logs,
    };
    this.#orders = new Map();
    this.#fills = [];
    this.#trades = [];
    this.#decisions = [];
    this.#riskDecisions = [];
    this.#funding = [];
    this.#liquidations = [];
    this.#equity = [];
    this.#logs = [];
    this.#rows = 0;
    return batch;
  }
}

/**
 * A kernel trade as journaled: the strategy's trade (`auto`, unless the record already says `manual`
 * and carries its operator note), its entry snapshot kept as the signal snapshot and, when that
 * snapshot names a `regime` (a string), the trade's regime.
 */
export function journalTrade(trade: TradeRecord | JournalTrade): JournalTrade {
  const origin = 'origin' in trade ? trade.origin : 'auto';
  const snapshot = trade.entrySnapshot;
  if (snapshot === undefined) return { ...trade, origin };
  const regime = regimeOf(snapshot);
  return { ...trade, origin, signalSnapshot: snapshot, ...(regime === undefined ? {} : { regime }) };
}

function regimeOf(snapshot: unknown): string | undefined {
  if (typeof snapshot !== 'object' || snapshot === null || !('regime' in snapshot)) return undefined;
  return typeof snapshot.regime === 'string' ? snapshot.regime : undefined;
}
