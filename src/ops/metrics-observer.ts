import { Counter, Gauge, Registry } from 'prom-client';
import type { Fill, OrderState } from '../core/index.js';
import type { KernelObserver, TradeRecord } from '../kernel/index.js';
import type { LiquidationResult } from '../portfolio/index.js';
import type { RiskDecision } from '../risk/index.js';
import type { FundingRateEvent } from '../strategy/index.js';

/** The account as a session sees it now (read at every scrape). */
export interface AccountSample {
  readonly equity: number;
  readonly unrealisedPnl: number;
  /** Signed position in base units (+ long, - short), per symbol. */
  readonly positions: Readonly<Record<string, number>>;
  readonly marginUsed: number;
  /** Notional of all positions / equity, x. */
  readonly leverage: number;
}

/** Order-path latency percentiles in ms by stage (the live order manager's `LatencyReport` fits). */
export type LatencySample = Readonly<
  Record<
    string,
    { readonly count: number; readonly p50: number; readonly p99: number; readonly max: number } | undefined
  >
>;

/** What the metrics read when Prometheus scrapes; each is optional (a backtest has no feeds). */
export interface MetricsSources {
  readonly account?: () => AccountSample | undefined;
  /** Age in seconds of each feed's newest datum, by feed name. */
  readonly feedAges?: () => Readonly<Record<string, number | undefined>>;
  readonly latency?: () => LatencySample | undefined;
}

export interface MetricsObserverOptions {
  /** Where the metrics register; a new `Registry` by default (never the global one, so tests stay apart). */
  readonly registry?: Registry;
  readonly sources?: MetricsSources;
}

const TERMINAL = new Set(['filled', 'canceled', 'rejected']);

/**
 * A kernel observer that keeps Prometheus counters of what happened (orders, fills, fees, funding,
 * trades, risk decisions) and gauges of the account read at scrape time. It only counts.
 */
export class MetricsObserver implements KernelObserver {
  readonly registry: Registry;
  readonly ordersSubmitted: Counter;
  readonly orderStatus: Counter<'status'>;
  readonly fills: Counter;
  readonly fees: Counter;
  readonly fundingSettlements: Counter;
  readonly fundingPaid: Counter;
  readonly fundingReceived: Counter;
  readonly trades: Counter<'exit_reason'>;
  readonly tradePnl: Counter<'result'>;
  readonly riskDecisions: Counter<'rule' | 'outcome'>;
  readonly breakerTrips: Counter;
  readonly liquidations: Counter;
  readonly logs: Counter;
  /** Last status seen per live order; an order leaves once it is finished, so this stays small. */
  readonly #open = new Map<string, string>();

  constructor(options: MetricsObserverOptions = {}) {
    const registers = [(this.registry = options.registry ?? new Registry())];
    const counter = <L extends string = never>(name: string, help: string, labelNames: L[] = []) =>
      new Counter<L>({ name: `nmrbot_${name}`, help, labelNames, registers });
    this.ordersSubmitted = counter('orders_total', 'orders sent (each client order id once)');
    this.orderStatus = counter(
      'order_status_total',
      'orders reaching each status (once per order and status)',
      ['status'],
    );
    this.fills = counter('fills_total', 'executions');
    this.fees = counter('fees_usdt_total', 'fees paid on fills, USDT');
    this.fundingSettlements = counter('funding_settlements_total', 'funding settlements on an open position');
    this.fundingPaid = counter('funding_paid_usdt_total', 'funding paid, USDT');
    this.fundingReceived = counter('funding_received_usdt_total', 'funding received, USDT');
    this.trades = counter('trades_total', 'closed round trips by exit reason', ['exit_reason']);
    this.tradePnl = counter(
      'trade_net_pnl_usdt_total',
      'net PnL of closed trades, USDT, wins and losses apart',
      ['result'],
    );
    this.riskDecisions = counter('risk_decisions_total', 'risk engine decisions by rule and outcome', [
      'rule',
      'outcome',
    ]);
    this.breakerTrips = counter('circuit_breaker_trips_total', 'circuit-breaker trips (flatten orders)');
    this.liquidations = counter('liquidations_total', 'positions liquidated');
    this.logs = counter('strategy_logs_total', 'log lines from the strategy');
    this.#gauges(registers, options.sources ?? {});
  }

  onOrder(order: OrderState): void {
    const id = order.clientOrderId;
    const last = this.#open.get(id);
    if (last === order.status) return;
    if (last === undefined) this.ordersSubmitted.inc();
    this.orderStatus.inc({ status: order.status });
    if (TERMINAL.has(order.status)) this.#open.delete(id);
    else this.#open.set(id, order.status);
  }

  onFill(fill: Fill): void {
    this.fills.inc();
    if (fill.fee > 0) this.fees.inc(fill.fee);
  }

  onFunding(_event: FundingRateEvent, cashflow: number | undefined): void {
    if (cashflow === undefined) return;
    this.fundingSettlements.inc();
    if (cashflow < 0) this.fundingPaid.inc(-cashflow);
    else this.fundingReceived.inc(cashflow);
  }

  onTrade(trade: TradeRecord): void {
    this.trades.inc({ exit_reason: trade.exitReason });
    if (trade.netPnl >= 0) this.tradePnl.inc({ result: 'win' }, trade.netPnl);
    else this.tradePnl.inc({ result: 'loss' }, -trade.netPnl);
  }

  onRiskDecision(decision: RiskDecision): void {
    this.riskDecisions.inc({ rule: decision.rule, outcome: decision.outcome });
    if (decision.outcome === 'flatten') this.breakerTrips.inc();
  }

  onLiquidation(_symbol: string, _time: number, _result: LiquidationResult): void {
    this.liquidations.inc();
  }

  onLog(): void {
    this.logs.inc();
  }

  #gauges(registers: Registry[], sources: MetricsSources): void {
    const { account, feedAges, latency } = sources;
    const accountGauge = (name: string, help: string, read: (a: AccountSample) => number) =>
      new Gauge({
        name: `nmrbot_${name}`,
        help,
        registers,
        collect() {
          const a = account?.();
          if (a) this.set(read(a));
        },
      });
    if (account) {
      accountGauge('equity_usdt', 'account equity (wallet + unrealised PnL), USDT', (a) => a.equity);
      accountGauge('unrealised_pnl_usdt', 'unrealised PnL of open positions, USDT', (a) => a.unrealisedPnl);
      accountGauge('margin_used_usdt', 'margin posted for open positions, USDT', (a) => a.marginUsed);
      accountGauge('leverage', 'notional of open positions / equity, x', (a) => a.leverage);
      new Gauge({
        name: 'nmrbot_position',
        help: 'signed position in base units (+ long, - short)',
        labelNames: ['symbol'],
        registers,
        collect() {
          const a = account();
          if (!a) return;
          this.reset();
          for (const [symbol, q] of Object.entries(a.positions)) this.set({ symbol }, q);
        },
      });
    }
    if (feedAges) {
      new Gauge({
        name: 'nmrbot_feed_age_seconds',
        help: "age of each feed's newest datum, seconds",
        labelNames: ['feed'],
        registers,
        collect() {
          this.reset();
          for (const [feed, age] of Object.entries(feedAges()))
            if (age !== undefined) this.set({ feed }, age);
        },
      });
    }
    if (latency) {
      new Gauge({
        name: 'nmrbot_order_latency_ms',
        help: 'order-path latency percentiles, ms, by stage',
        labelNames: ['stage', 'quantile'],
        registers,
        collect() {
          this.reset();
          for (const [stage, p] of Object.entries(latency() ?? {})) {
            if (!p) continue;
            this.set({ stage, quantile: '0.5' }, p.p50);
            this.set({ stage, quantile: '0.99' }, p.p99);
            this.set({ stage, quantile: '1' }, p.max);
          }
        },
      });
    }
  }
}
