import { type EpochMs, EventPriority, InputError, SimClock, sourceTimeframes } from '../core/index.js';
import type { CandleSeries, MarketStore } from '../data/index.js';
import { resample } from '../data/index.js';
import { type Fill, type OrderState } from '../core/index.js';
import { SimVenue } from '../execution/index.js';
import { Kernel, type KernelObserver } from '../kernel/index.js';
import { Portfolio } from '../portfolio/index.js';
import { type RiskDecision, RiskEngine, type RiskRule } from '../risk/index.js';
import type { BarEvent, FundingRateEvent } from '../strategy/index.js';
import type { BacktestInput, BacktestResult, BacktestSpec, RiskTally } from './backtest.types.js';
import { EventSources } from './event-sources.js';
import { fanOutObserver } from './fan-out-observer.js';
import { planFunding } from './funding-sources.js';
import { computeMetrics } from './metrics.js';

const PROGRESS_EVERY = 1 << 15;

/**
 * Runs one backtest over stored data: the kernel with a simulated clock and the simulated venue.
 * Deterministic: the same store, spec and strategy give the same result.
 */
export function runBacktest(store: MarketStore, input: BacktestInput): BacktestResult {
  const { exchange, symbol, timeframe } = input;
  const { bars, synthetic } = loadBars(store, input);
  if (bars.length === 0) {
    throw new InputError(
      `no ${timeframe} (or finer) candles stored for ${exchange} ${symbol} in the requested span; ` +
        'run `nmrbot data download` or `nmrbot data import <files>` first',
    );
  }
  const first = bars.openTime[0] as number;
  const lastClose = (bars.openTime[bars.length - 1] as number) + bars.timeframeMs;
  const fundingKey = { exchange, symbol, kind: 'funding' as const };
  const fundingInfo = store.findSeries(fundingKey);
  const spot = input.spot ? loadSpot(store, input.spot, first, lastClose) : undefined;
  const plan = planFunding({
    symbol,
    from: first,
    to: lastClose + 1,
    real: store.loadFundingEvents(fundingKey, { from: first, to: lastClose + 1 }),
    perp: bars,
    spot,
    fallback: input.fundingFallback,
  });

  const clock = new SimClock(first as EpochMs);
  const portfolio = new Portfolio({ initialBalance: input.initialBalance, instruments: [input.instrument] });
  const venue = new SimVenue({
    instrument: input.instrument,
    slippage: input.slippage,
    maxBarVolumeFraction: input.maxBarVolumeFraction,
  });
  const reviewer = input.reviewer;
  const tally = new Tally(fanOutObserver(input.observer, reviewer));
  const risk = input.risk
    ? new RiskEngine(input.risk, {
        symbol,
        blackouts: input.blackouts,
        onDecision: (d) => tally.onRiskDecision(d),
      })
    : undefined;
  const sources = new EventSources(plan.events, input.data ?? []);
  const kernel = new Kernel({
    clock,
    symbol,
    strategy: input.strategy,
    portfolio,
    venue,
    instrument: input.instrument,
    leverage: input.leverage,
    scheduleTimer: (at, name) => sources.addTimer(at, name),
    observer: tally,
    expectedBars: bars.length,
    risk,
  });
  const handlers = {
    advanceTo: (t: EpochMs) => clock.advanceTo(t),
    onFunding: (e: FundingRateEvent) => kernel.onFunding(e),
    onData: (e: Parameters<Kernel['onData']>[0]) => kernel.onData(e),
    onTimer: (name: string) => kernel.onTimer(name),
  };

  kernel.start();
  const tfMs = bars.timeframeMs;
  const n = bars.length;
  // One context object for every bar: the venue reads it during onBarClose and keeps nothing.
  const closeCtx: { liquidationPrice: number | undefined; positionSide: 'long' | 'short' | undefined } = {
    liquidationPrice: undefined,
    positionSide: undefined,
  };
  for (let i = 0; i < n; i++) {
    const candle = bars.view(i);
    const openTime = candle.openTime;
    const closeTime = (openTime + tfMs) as EpochMs;
    sources.drainBefore(openTime, EventPriority.BarOpen, handlers);
    clock.advanceTo(openTime);
    kernel.onBarOpen(candle);
    kernel.applyVenueEvents(venue.onBarOpen(candle, openTime));
    sources.drainBefore(closeTime, EventPriority.BarClose, handlers);
    clock.advanceTo(closeTime);
    const pos = portfolio.position(symbol);
    closeCtx.positionSide = pos ? (pos.quantity > 0 ? 'long' : 'short') : undefined;
    closeCtx.liquidationPrice = pos ? portfolio.liquidationPrice(symbol) : undefined;
    kernel.applyVenueEvents(venue.onBarClose(candle, closeTime, closeCtx));
    const bar: BarEvent = { symbol, timeframe: bars.timeframe, candle, closeTime };
    kernel.onBarClose(bar);
    reviewer?.afterBarClose(bar);
    if (input.onProgress && (i + 1) % PROGRESS_EVERY === 0) input.onProgress(i + 1, n);
  }
  sources.drainBefore(lastClose, EventPriority.BarOpen, handlers);
  kernel.stop();
  input.onProgress?.(n, n);

  const trades = kernel.trades.closed;
  return {
    strategy: input.strategy.name,
    spec: stripRuntime(input),
    synthetic: synthetic || (fundingInfo?.synthetic ?? false),
    firstBarOpen: first,
    lastBarClose: lastClose,
    counts: {
      bars: n,
      orders: tally.orders,
      rejectedOrders: tally.rejected,
      fills: tally.fills,
      fundingSettlements: tally.fundingSettlements,
      skippedOrders: kernel.skippedTargets,
      riskRefused: tally.riskRefused,
      riskResized: tally.riskResized,
      circuitBreakerTrips: tally.breakerTrips,
    },
    fundingCoverage: plan.coverage,
    metrics: computeMetrics(kernel.equity, trades, input.initialBalance, {
      fees: tally.fees,
      fundingPaid: tally.fundingPaid,
      fundingReceived: tally.fundingReceived,
      slippageCost: tally.slippage,
    }),
    trades,
    equity: kernel.equity,
    riskByRule: tally.riskByRule(),
    ...(reviewer ? { weightReviews: reviewer.reviews() } : {}),
  };
}

/** The stored bars of the timeframe, else the coarsest finer stored series resampled to it. */
export function loadBars(
  store: MarketStore,
  input: Pick<BacktestSpec, 'exchange' | 'symbol' | 'timeframe' | 'from' | 'to'>,
): { bars: CandleSeries; synthetic: boolean } {
  const range = { from: input.from, to: input.to };
  for (const tf of sourceTimeframes(input.timeframe).reverse()) {
    const key = { exchange: input.exchange, symbol: input.symbol, kind: 'candles' as const, timeframe: tf };
    const info = store.findSeries(key);
    if (!info) continue;
    const series = store.loadCandles(key, range);
    if (series.length === 0) continue;
    const bars =
      tf === input.timeframe ? series : resample(series, input.timeframe, { requireFull: true }).series;
    return { bars, synthetic: info.synthetic };
  }
  return {
    bars: store.loadCandles({
      exchange: input.exchange,
      symbol: input.symbol,
      kind: 'candles',
      timeframe: input.timeframe,
    }),
    synthetic: false,
  };
}

/** Spot candles for the premium estimate: the finest stored of 1m, 5m, 15m, 1h. */
export function loadSpot(
  store: MarketStore,
  spot: { exchange: string; symbol: string },
  from: number,
  to: number,
): CandleSeries | undefined {
  for (const tf of ['1m', '5m', '15m', '1h'] as const) {
    const s = store.loadCandles({ ...spot, kind: 'candles', timeframe: tf }, { from, to });
    if (s.length > 0) return s;
  }
  return undefined;
}

function stripRuntime(input: BacktestInput): BacktestResult['spec'] {
  const { exchange, symbol, timeframe, from, to, initialBalance, leverage, instrument, slippage, risk } =
    input;
  return {
    exchange,
    symbol,
    timeframe,
    from,
    to,
    initialBalance,
    leverage,
    instrument,
    slippage,
    maxBarVolumeFraction: input.maxBarVolumeFraction,
    fundingFallback: input.fundingFallback,
    spot: input.spot,
    risk,
    blackouts: input.blackouts,
  };
}

/** Counts and sums for the result, forwarding every event to the caller's observer. */
class Tally implements KernelObserver {
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
