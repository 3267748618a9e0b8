import type { AlertEventKind } from '../../config/index.js';
import { isoTime } from '../../core/index.js';
import type { Fill } from '../../core/index.js';
import type { KernelObserver, TradeRecord } from '../../kernel/index.js';
import type { RiskDecision } from '../../risk/index.js';
import { errorAlert, riskAlert, signedUsdt, tradeCloseAlert, tradeOpenAlert } from './alert-format.js';
import type { Alert } from './alert.types.js';

export interface AlertObserverOptions {
  /** Where alerts go (an `AlertSender`); called synchronously, must not block. */
  readonly send: (alert: Alert) => void;
  /** The kinds to send (`alerts.events`); the digest counts everything regardless. */
  readonly events: readonly AlertEventKind[];
  /** Account equity now, for the digest; undefined: the digest says it is unknown. */
  readonly equity?: () => number | undefined;
}

/** What the digest reports since the last one. */
interface Period {
  trades: number;
  wins: number;
  netPnl: number;
  halts: number;
  breakerTrips: number;
}

const emptyPeriod = (): Period => ({ trades: 0, wins: 0, netPnl: 0, halts: 0, breakerTrips: 0 });

/**
 * A kernel observer that turns trades, circuit-breaker trips, halts and resumes into alerts, and keeps
 * the tallies for the scheduled digest. It only listens: sending is the sender's background work.
 */
export class AlertObserver implements KernelObserver {
  readonly #o: AlertObserverOptions;
  readonly #enabled: ReadonlySet<AlertEventKind>;
  /** Signed position per symbol from the fills: a fill from flat opens a trade. */
  readonly #position = new Map<string, number>();
  #period = emptyPeriod();
  #lastDigestEquity: number | undefined;
  #breaker: { tripped: number } | undefined;
  #haltRule: string | undefined;

  constructor(options: AlertObserverOptions) {
    this.#o = options;
    this.#enabled = new Set(options.events);
    this.#lastDigestEquity = options.equity?.();
  }

  onFill(fill: Fill): void {
    const before = this.#position.get(fill.symbol) ?? 0;
    const raw = before + (fill.side === 'buy' ? fill.quantity : -fill.quantity);
    // A full close of a position built from several fills leaves float dust (1e-13), not 0.
    const after = Math.abs(raw) < 1e-9 * Math.max(1, Math.abs(before)) ? 0 : raw;
    this.#position.set(fill.symbol, after);
    const opens = after !== 0 && (before === 0 || Math.sign(before) !== Math.sign(after));
    if (opens)
      this.#emit(
        tradeOpenAlert(
          fill.symbol,
          after > 0 ? 'long' : 'short',
          Math.abs(after),
          fill.price,
          fill.time,
          fill.tag,
        ),
      );
  }

  onTrade(trade: TradeRecord): void {
    this.#period.trades++;
    if (trade.netPnl > 0) this.#period.wins++;
    this.#period.netPnl += trade.netPnl;
    this.#emit(tradeCloseAlert(trade));
  }

  onRiskDecision(decision: RiskDecision): void {
    if (decision.outcome === 'flatten') {
      this.#period.breakerTrips++;
      this.#breaker = { tripped: decision.time };
      this.#haltRule = decision.rule;
    } else if (decision.outcome === 'halted') {
      this.#period.halts++;
      this.#haltRule = decision.rule;
    } else if (decision.outcome === 'resumed') {
      this.#breaker = undefined;
      this.#haltRule = undefined;
    }
    const alert = riskAlert(decision);
    if (alert) this.#emit(alert);
  }

  /** An error worth a human's attention (a failed reconciliation, a crashed feed). */
  error(time: number, message: string): void {
    this.#emit(errorAlert(time, message));
  }

  /** The digest for `time`; starts the next period. */
  digest(time: number): Alert {
    const p = this.#period;
    const equity = this.#o.equity?.();
    const since = this.#lastDigestEquity;
    const change = equity !== undefined && since !== undefined ? equity - since : undefined;
    const breaker = this.#breaker
      ? `tripped at ${isoTime(this.#breaker.tripped)}, entries halted`
      : this.#haltRule
        ? `armed; entries halted by ${this.#haltRule}`
        : 'armed, entries allowed';
    const alert: Alert = {
      kind: 'digest',
      time,
      title: 'nmrbot digest',
      lines: [
        `equity ${equity === undefined ? 'unknown' : equity.toFixed(2)} USDT`,
        `since last digest: ${change === undefined ? 'unknown' : signedUsdt(change)} USDT`,
        `trades closed: ${p.trades} (${p.wins} won), net ${signedUsdt(p.netPnl)} USDT`,
        `halts: ${p.halts}, breaker trips: ${p.breakerTrips}`,
        `circuit breaker: ${breaker}`,
      ],
      data: {
        equity: equity ?? null,
        pnlSinceLastDigest: change ?? null,
        trades: p.trades,
        wins: p.wins,
        tradesNetPnl: p.netPnl,
        halts: p.halts,
        breakerTrips: p.breakerTrips,
        breakerTripped: this.#breaker !== undefined,
        haltRule: this.#haltRule ?? null,
      },
    };
    this.#period = emptyPeriod();
    if (equity !== undefined) this.#lastDigestEquity = equity;
    return alert;
  }

  #emit(alert: Alert): void {
    if (alert.kind !== 'digest' && this.#enabled.has(alert.kind)) this.#o.send(alert);
  }
}
