import {
  type EpochMs,
  EventPriority,
  type InstrumentSpec,
  SimClock,
  type Timeframe,
  timeframeMs,
  WallClock,
} from '../core/index.js';
import type { Candle } from '../data/index.js';
import {
  type BacktestResult,
  type BacktestReviewer,
  type BacktestSpec,
  type FundingCoverage,
} from '../backtest/index.js';
import { runResult } from '../backtest/run-result.js';
import { EventSources, kernelHandlers } from '../backtest/event-sources.js';
import { fanOutObserver } from '../backtest/fan-out-observer.js';
import { Tally } from '../backtest/tally.js';
import type { RiskConfig } from '../config/index.js';
import {
  type FlattenResult,
  Kernel,
  type KernelObserver,
  type ManualOrderRequest,
  type ManualOrderResult,
} from '../kernel/index.js';
import type { MarketEvent } from '../paper/index.js';
import { warmingUp } from '../paper/warm-up-strategy.js';
import { Portfolio } from '../portfolio/index.js';
import { type BlackoutWindow, RiskEngine, type RiskStateSnapshot } from '../risk/index.js';
import type { BarEvent, DataEvent, Strategy } from '../strategy/index.js';
import type { CcxtVenue } from './ccxt-venue.js';
import { isTerminal } from './order-lifecycle.js';
import { OrderManager, type OrderManagerOptions } from './order-manager.js';
import { type OrphanPolicy, Reconciler, type ReconciliationDifference } from './reconcile.js';

export interface LiveReconcileOptions {
  readonly stopLossPct: number;
  readonly orphanPolicy: OrphanPolicy;
  /** Wall time between reconciliations after the first (which runs before the first traded bar). */
  readonly intervalMs: number;
  /** Trade ids the journal already holds for this account (earlier runs included). */
  readonly knownFills: Set<string>;
  /** Exchange trades before this are not compared with the journal. */
  readonly tradesSince: number;
  readonly record: (time: EpochMs, difference: ReconciliationDifference) => void;
  /** Journals a fill the bot never saw (a process that died before journaling it). */
  readonly recoverFill: KernelObserver['onFill'] & {};
}

export interface LiveSessionOptions {
  /** Connected, instrument loaded, leverage and margin mode set. */
  readonly venue: CcxtVenue;
  readonly instrument: InstrumentSpec;
  readonly timeframe: Timeframe;
  /** Open time of the first (warm-up) bar: the kernel's clock starts here. */
  readonly start: EpochMs;
  /**
   * Close time of the last bar closed when the bot started: decisions from here on are traded, the
   * bars before only warm the strategy up. Decisions at or before it may have been sent by a previous
   * process: the order manager looks them up by client id before creating them.
   */
  readonly tradeFrom: EpochMs;
  readonly strategy: Strategy;
  /** The exchange wallet at start (USDT). */
  readonly initialBalance: number;
  readonly leverage: number;
  /** Stable across restarts of the same bot (the account): client order ids derive from it. */
  readonly orderRunId: string;
  /** Retry policy, latency budget, log... for the order manager (gateway, clock and run id are set here). */
  readonly manager?: Partial<Omit<OrderManagerOptions, 'gateway' | 'runId' | 'onEvents' | 'recoverUntil'>>;
  readonly risk?: RiskConfig | undefined;
  readonly blackouts?: readonly BlackoutWindow[] | undefined;
  readonly riskState?: RiskStateSnapshot | undefined;
  readonly observer?: KernelObserver | undefined;
  readonly reviewer?: BacktestReviewer | undefined;
  readonly reconcile: LiveReconcileOptions;
  /** Follow the account over websockets (REST polling when they fail). Default true. */
  readonly watchAccount?: boolean;
  /** After every batch of venue events and every bar reached the kernel (flush the journal here). */
  readonly afterEvents?: () => void;
  readonly afterBar?: (bar: BarEvent, session: LiveSession) => void | Promise<void>;
  readonly log?: (message: string) => void;
}

/**
 * The kernel trading live: the same kernel, strategy and risk engine as a backtest, with the order
 * manager as its venue. Each closed bar from the feed is stepped on event time: what is due inside
 * it (funding, data, timers), the exchange's news on working orders, `onBarClose` (the strategy
 * decides), funding due at the close, then at once `onBarOpen` of the next bar at the close price, so
 * the targets set at the close go out as orders now, with the close time as their decision time.
 * Venue events reach the kernel whenever the order manager signals them.
 */
export class LiveSession {
  readonly clock: SimClock;
  readonly portfolio: Portfolio;
  readonly kernel: Kernel;
  readonly manager: OrderManager;
  readonly tally: Tally;
  readonly risk: RiskEngine | undefined;
  readonly reconciler: Reconciler;
  readonly #o: LiveSessionOptions;
  readonly #tfMs: number;
  readonly #sources = new EventSources([], []);
  readonly #handlers;
  #started = false;
  #reconciled = false;
  #bars = 0;
  #lastClose: EpochMs | undefined;
  #fundingSettlements = 0;
  #wakeQueued = false;
  #serial: Promise<unknown> = Promise.resolve();
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Reconciliation differences found so far (also journaled). */
  readonly differences: ReconciliationDifference[] = [];

  constructor(o: LiveSessionOptions) {
    this.#o = o;
    this.#tfMs = timeframeMs(o.timeframe);
    this.clock = new SimClock(o.start);
    this.portfolio = new Portfolio({ initialBalance: o.initialBalance, instruments: [o.instrument] });
    const tally = new Tally(fanOutObserver(o.observer, o.reviewer));
    this.tally = tally;
    const symbol = o.instrument.symbol;
    this.risk = o.risk
      ? new RiskEngine(o.risk, {
          symbol,
          blackouts: o.blackouts,
          ...(o.riskState === undefined ? {} : { state: o.riskState }),
          onDecision: (d) => tally.onRiskDecision(d),
        })
      : undefined;
    this.manager = new OrderManager({
      clock: new WallClock(),
      stepSize: o.instrument.stepSize,
      ...o.manager,
      gateway: o.venue,
      runId: o.orderRunId,
      recoverUntil: o.tradeFrom,
      onEvents: () => this.#wake(),
    });
    this.kernel = new Kernel({
      clock: this.clock,
      symbol,
      strategy: warmingUp(o.strategy, o.tradeFrom),
      portfolio: this.portfolio,
      venue: this.manager,
      instrument: o.instrument,
      leverage: o.leverage,
      scheduleTimer: (at, name) => this.#sources.addTimer(at, name),
      observer: tally,
      risk: this.risk,
    });
    const r = o.reconcile;
    this.reconciler = new Reconciler({
      exchange: o.venue.exchange,
      symbol: o.venue.symbol,
      quote: o.instrument.symbol.split(':')[1] ?? 'USDT',
      manager: this.manager,
      instrument: o.instrument,
      orderRunId: o.orderRunId,
      stopLossPct: r.stopLossPct,
      orphanPolicy: r.orphanPolicy,
      knownFills: r.knownFills,
      tradesSince: r.tradesSince,
      record: (time, d) => {
        this.differences.push(d);
        r.record(time, d);
      },
      recoverFill: (fill) => r.recoverFill(fill),
      target: {
        positionQuantity: () => {
          const q = this.portfolio.position(symbol)?.quantity ?? 0;
          return Math.round(q / o.instrument.stepSize) * o.instrument.stepSize;
        },
        lastPrice: () => this.kernel.lastPrice,
        now: () => this.clock.now(),
        apply: (events) => {
          this.kernel.applyVenueEvents(events);
          o.afterEvents?.();
        },
        sync: () => this.sync(),
      },
    });
    this.#handlers = kernelHandlers(this.clock, this.kernel);
  }

  get bars(): number {
    return this.#bars;
  }

  get lastClose(): EpochMs | undefined {
    return this.#lastClose;
  }

  get fundingSettlements(): number {
    return this.#fundingSettlements;
  }

  /** The session so far in the backtest's result shape (the journal's summary, the printed report). */
  result(spec: BacktestSpec, fundingCoverage: FundingCoverage): BacktestResult {
    return runResult(
      {
        kernel: this.kernel,
        tally: this.tally,
        strategyName: this.#o.strategy.name,
        initialBalance: this.#o.initialBalance,
        bars: this.#bars,
        lastClose: this.#lastClose,
        reviewer: this.#o.reviewer,
      },
      { spec, synthetic: false, firstBarOpen: this.#o.tradeFrom, fundingCoverage },
    );
  }

  /** Feeds every event until the feed ends or `signal` aborts; returns the bars stepped. */
  async run(events: AsyncIterable<MarketEvent>, signal?: AbortSignal): Promise<number> {
    this.#start();
    for await (const event of events) {
      if (event.kind === 'funding') {
        this.#sources.addFunding(event.events);
        this.#fundingSettlements += event.events.length;
      } else if (event.kind === 'data') this.#sources.addData(event.events);
      else {
        const last = this.#lastClose;
        if (last !== undefined && event.candle.openTime < last) continue; // a bar seen already
        const candle = event.candle;
        await this.#exclusive(() => this.#step(candle));
      }
      if (signal?.aborted) break;
    }
    return this.#bars;
  }

  /** Alternative data that became available (delivered at `availableAt`, or at once if that passed). */
  addData(events: readonly DataEvent[]): void {
    this.#sources.addData(events);
  }

  /** Compares the bot with the exchange now (between bars) and repairs what differs. */
  reconcile(): Promise<ReconciliationDifference[]> {
    return this.#exclusive(() => this.reconciler.reconcile());
  }

  /**
   * The kernel's manual order and flatten for the API, run between bar steps and reconciliations
   * (never inside one); each resolves once the venue's answers reached the kernel.
   */
  readonly manualDesk = {
    manualOrder: (order: ManualOrderRequest): Promise<ManualOrderResult> =>
      this.#exclusive(async () => {
        const result = this.kernel.manualOrder(order);
        await this.sync();
        return result;
      }),
    flatten: (tag?: string): Promise<FlattenResult> =>
      this.#exclusive(async () => {
        const result = this.kernel.flatten(tag);
        await this.sync();
        return result;
      }),
  };

  /** Until quiet: the order manager's requests are answered and what they reported reached the kernel. */
  async sync(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      await this.manager.settled();
      if (!this.#applyPending()) return;
    }
    this.#o.log?.('live session: venue events kept coming after 50 rounds; continuing');
  }

  /**
   * Ends the session: the feed is no longer read, the strategy stops, the streams close. Working
   * orders stay on the exchange: the protective stops keep protecting the position while the bot is away.
   */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#serial.catch(() => undefined);
    await this.manager.settled();
    this.#applyPending();
    if (this.#started && this.#lastClose !== undefined) {
      this.#sources.drainBefore(this.#lastClose, EventPriority.BarOpen, this.#handlers);
      this.kernel.stop();
    }
    this.#o.afterEvents?.();
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.kernel.start();
    if (this.#o.watchAccount !== false)
      this.#o.venue.watchAccount({
        onOrderReport: (r) => this.manager.onOrderReport(r),
        onTrade: (t) => this.manager.onTrade(t),
        refresh: () => this.manager.refresh(),
      });
  }

  async #step(candle: Candle): Promise<void> {
    const { kernel, clock } = this;
    const symbol = kernel.symbol;
    const closeTime = (candle.openTime + this.#tfMs) as EpochMs;
    this.#sources.drainBefore(candle.openTime, EventPriority.BarOpen, this.#handlers);
    this.#sources.drainBefore(closeTime, EventPriority.BarClose, this.#handlers);
    if (closeTime > clock.now()) clock.advanceTo(closeTime);
    const trading = closeTime >= this.#o.tradeFrom;
    if (trading) {
      if (!this.#reconciled) {
        await this.#reconcileNow();
        this.#reconciled = true;
        this.#scheduleReconciliation();
      } else if (this.manager.orders().some((s) => !isTerminal(s.lifecycle))) {
        // Stops that triggered inside the bar: their fills reach the kernel before it sees the close.
        await this.manager.refresh();
      }
      await this.sync();
    }
    const bar: BarEvent = { symbol, timeframe: this.#o.timeframe, candle, closeTime };
    kernel.onBarClose(bar);
    if (candle.openTime >= this.#o.tradeFrom) this.#o.reviewer?.afterBarClose(bar);
    this.#sources.drainBefore(closeTime, EventPriority.BarOpen, this.#handlers);
    const c = candle.close;
    kernel.onBarOpen({ openTime: closeTime, open: c, high: c, low: c, close: c, volume: 0 });
    if (trading) await this.sync();
    this.#bars++;
    this.#lastClose = closeTime;
    this.#o.afterEvents?.();
    await this.#o.afterBar?.(bar, this);
  }

  async #reconcileNow(): Promise<void> {
    try {
      await this.reconciler.reconcile();
    } catch (err) {
      this.#o.log?.(`reconciliation failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #scheduleReconciliation(): void {
    const every = this.#o.reconcile.intervalMs;
    if (!(every > 0) || !Number.isFinite(every)) return;
    this.#timer = setInterval(() => void this.#exclusive(() => this.#reconcileNow()), every);
    this.#timer.unref();
  }

  /** Applies what the order manager reported; true when there was something. */
  #applyPending(): boolean {
    const events = this.manager.drainEvents();
    if (events.length === 0) return false;
    this.kernel.applyVenueEvents(events);
    this.#o.afterEvents?.();
    return true;
  }

  #wake(): void {
    if (this.#wakeQueued) return;
    this.#wakeQueued = true;
    queueMicrotask(() => {
      this.#wakeQueued = false;
      this.#applyPending();
    });
  }

  /** Bar steps and reconciliations run one at a time. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#serial.then(task, task);
    this.#serial = next.catch(() => undefined);
    return next;
  }
}
