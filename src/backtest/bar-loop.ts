import {
  type EpochMs,
  EventPriority,
  type InstrumentSpec,
  SimClock,
  type Timeframe,
  timeframeMs,
} from '../core/index.js';
import type { Candle } from '../data/index.js';
import { type SlippageConfig, SimVenue } from '../execution/index.js';
import { Kernel, type KernelObserver } from '../kernel/index.js';
import { Portfolio } from '../portfolio/index.js';
import type { RiskConfig } from '../config/index.js';
import { type BlackoutWindow, RiskEngine, type RiskStateSnapshot } from '../risk/index.js';
import type { BarEvent, DataEvent, FundingRateEvent, Strategy } from '../strategy/index.js';
import type { BacktestResult, BacktestReviewer, BacktestSpec } from './backtest.types.js';
import type { FundingCoverage } from './funding-sources.js';
import { runResult } from './run-result.js';
import { EventSources, kernelHandlers } from './event-sources.js';
import { fanOutObserver } from './fan-out-observer.js';
import { Tally } from './tally.js';

export interface BarLoopOptions {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Open time of the first bar: the clock starts here. */
  readonly start: EpochMs;
  readonly strategy: Strategy;
  readonly instrument: InstrumentSpec;
  readonly initialBalance: number;
  readonly leverage: number;
  readonly slippage: SlippageConfig;
  readonly maxBarVolumeFraction: number;
  readonly risk?: RiskConfig | undefined;
  readonly blackouts?: readonly BlackoutWindow[] | undefined;
  /** The risk engine's state from an earlier session (paper and live restarts). */
  readonly riskState?: RiskStateSnapshot | undefined;
  readonly observer?: KernelObserver | undefined;
  readonly reviewer?: BacktestReviewer | undefined;
  readonly expectedBars?: number;
}

/**
 * The simulated market loop shared by `runBacktest` and paper trading: the kernel on a clock moved by
 * market time, the simulated venue and the risk engine, fed one closed bar at a time. Funding, data and
 * timers are merged in before each bar in (time, priority) order. A backtest hands it every event up
 * front; a paper session hands them over as they arrive. Either way the same bars and events give the
 * same trades.
 */
export class BarLoop {
  readonly clock: SimClock;
  readonly portfolio: Portfolio;
  readonly venue: SimVenue;
  readonly kernel: Kernel;
  readonly tally: Tally;
  readonly risk: RiskEngine | undefined;
  readonly #sources = new EventSources([], []);
  readonly #o: BarLoopOptions;
  readonly #tfMs: number;
  #bars = 0;
  #lastClose: EpochMs | undefined;
  // One context object for every bar: the venue reads it during onBarClose and keeps nothing.
  readonly #closeCtx: { liquidationPrice: number | undefined; positionSide: 'long' | 'short' | undefined } = {
    liquidationPrice: undefined,
    positionSide: undefined,
  };
  readonly #handlers;

  constructor(o: BarLoopOptions) {
    this.#o = o;
    this.#tfMs = timeframeMs(o.timeframe);
    this.clock = new SimClock(o.start);
    this.portfolio = new Portfolio({ initialBalance: o.initialBalance, instruments: [o.instrument] });
    this.venue = new SimVenue({
      instrument: o.instrument,
      slippage: o.slippage,
      maxBarVolumeFraction: o.maxBarVolumeFraction,
    });
    const tally = new Tally(fanOutObserver(o.observer, o.reviewer));
    this.tally = tally;
    this.risk = o.risk
      ? new RiskEngine(o.risk, {
          symbol: o.symbol,
          blackouts: o.blackouts,
          ...(o.riskState === undefined ? {} : { state: o.riskState }),
          onDecision: (d) => tally.onRiskDecision(d),
        })
      : undefined;
    this.kernel = new Kernel({
      clock: this.clock,
      symbol: o.symbol,
      strategy: o.strategy,
      portfolio: this.portfolio,
      venue: this.venue,
      instrument: o.instrument,
      leverage: o.leverage,
      scheduleTimer: (at, name) => this.#sources.addTimer(at, name),
      observer: tally,
      ...(o.expectedBars === undefined ? {} : { expectedBars: o.expectedBars }),
      risk: this.risk,
    });
    this.#handlers = kernelHandlers(this.clock, this.kernel);
  }

  /** Bars stepped so far. */
  get bars(): number {
    return this.#bars;
  }

  /** Close time of the last bar stepped. */
  get lastClose(): EpochMs | undefined {
    return this.#lastClose;
  }

  start(): void {
    this.kernel.start();
  }

  /** Funding settlements, in time order (each call's first one not before the last one given). */
  addFunding(events: readonly FundingRateEvent[]): void {
    this.#sources.addFunding(events);
  }

  /** Alternative data; delivered at `availableAt` (or at once, if that has passed). */
  addData(events: readonly DataEvent[]): void {
    this.#sources.addData(events);
  }

  /** One bar, after it closed: open (pending targets fill), the events inside it, the walk, the close. */
  step(candle: Candle): BarEvent {
    const { kernel, venue, portfolio, clock } = this;
    const openTime = candle.openTime;
    const closeTime = (openTime + this.#tfMs) as EpochMs;
    this.#sources.drainBefore(openTime, EventPriority.BarOpen, this.#handlers);
    clock.advanceTo(openTime);
    kernel.onBarOpen(candle);
    kernel.applyVenueEvents(venue.onBarOpen(candle, openTime));
    this.#sources.drainBefore(closeTime, EventPriority.BarClose, this.#handlers);
    clock.advanceTo(closeTime);
    const pos = portfolio.position(this.#o.symbol);
    const ctx = this.#closeCtx;
    ctx.positionSide = pos ? (pos.quantity > 0 ? 'long' : 'short') : undefined;
    ctx.liquidationPrice = pos ? portfolio.liquidationPrice(this.#o.symbol) : undefined;
    kernel.applyVenueEvents(venue.onBarClose(candle, closeTime, ctx));
    const bar: BarEvent = { symbol: this.#o.symbol, timeframe: this.#o.timeframe, candle, closeTime };
    kernel.onBarClose(bar);
    this.#o.reviewer?.afterBarClose(bar);
    this.#bars++;
    this.#lastClose = closeTime;
    return bar;
  }

  /** The run's result so far (after `finish`: the whole run), in the backtest's shape. */
  result(run: {
    readonly spec: BacktestSpec;
    readonly synthetic: boolean;
    readonly firstBarOpen: number;
    readonly fundingCoverage: FundingCoverage;
  }): BacktestResult {
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
      run,
    );
  }

  /** Handles what is due up to `time` (the end of the run) and stops the strategy. */
  finish(time: EpochMs): void {
    this.#sources.drainBefore(time, EventPriority.BarOpen, this.#handlers);
    this.kernel.stop();
  }
}
