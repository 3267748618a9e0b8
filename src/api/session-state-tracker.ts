import type { EpochMs, Fill } from '../core/index.js';
import type { Decision, KernelObserver, TradeRecord } from '../kernel/index.js';
import type { RiskDecision } from '../risk/index.js';
import type { FundingRateEvent } from '../strategy/index.js';
import type {
  ApiState,
  ApiStateSource,
  BreakerView,
  FeedHealthView,
  FundingView,
  HealthView,
  LatencyView,
  SignalFamilyView,
} from './api-state.types.js';
import { bookFill } from './position-book.js';
import { RingBuffer } from './ring-buffer.js';

const HOUR_MS = 3_600_000;

export interface SessionStateTrackerOptions {
  readonly startingEquity: number;
  /** Leverage of positions whose order did not say (the session's default). */
  readonly leverage: number;
  readonly leverageCap: number;
  /** Margin cap as a fraction of equity (0.4 = 40 %). */
  readonly marginCapFraction: number;
  /** How many trades and risk decisions to keep (older ones are in the journal). */
  readonly keep?: number;
  /** How many of them the state snapshot carries. */
  readonly recentInState?: number;
}

interface PositionBook {
  quantity: number;
  entryPrice: number;
  markPrice: number;
  leverage: number;
}

/**
 * The API's view of a session: a `KernelObserver` that keeps positions (average entry), realised PnL,
 * fees, funding, trades and risk decisions from the kernel's events, plus setters for what the kernel
 * does not report (mark price between fills, signals, feeds, latency, circuit breaker, pause).
 */
export class SessionStateTracker implements KernelObserver, ApiStateSource {
  readonly #o: Required<SessionStateTrackerOptions>;
  readonly #positions = new Map<string, PositionBook>();
  readonly #leverage = new Map<string, number>();
  readonly #trades: RingBuffer<TradeRecord>;
  readonly #decisions: RingBuffer<RiskDecision>;
  readonly #refused: RingBuffer<RiskDecision>;
  readonly #listeners = new Set<() => void>();
  #version = 0;
  #time: EpochMs | null = null;
  #pricePnl = 0;
  #fees = 0;
  #funding = 0;
  #fundingView: Omit<FundingView, 'expectedPayment'> | null = null;
  #breaker: { rule: string; until: EpochMs } | undefined;
  #paused = false;
  #score: number | null = null;
  #families: readonly SignalFamilyView[] = [];
  #feeds: readonly FeedHealthView[] = [];
  #latency: readonly LatencyView[] = [];

  constructor(options: SessionStateTrackerOptions) {
    this.#o = { keep: 500, recentInState: 20, ...options };
    this.#trades = new RingBuffer(this.#o.keep);
    this.#decisions = new RingBuffer(this.#o.keep);
    this.#refused = new RingBuffer(this.#o.recentInState);
  }

  // --- KernelObserver ---

  onDecision(decision: Decision): void {
    this.#touch(decision.time);
    if (Number.isFinite(decision.price)) this.#markAll(decision.price);
    this.#changed();
  }

  onFill(fill: Fill): void {
    this.#touch(fill.time);
    const book = this.#positions.get(fill.symbol) ?? {
      quantity: 0,
      entryPrice: 0,
      markPrice: fill.price,
      leverage: this.#leverage.get(fill.symbol) ?? this.#o.leverage,
    };
    this.#pricePnl += bookFill(book, fill);
    book.markPrice = fill.price;
    this.#fees += fill.fee;
    if (book.quantity === 0) this.#positions.delete(fill.symbol);
    else this.#positions.set(fill.symbol, book);
    this.#changed();
  }

  onFunding(event: FundingRateEvent, cashflow: number | undefined): void {
    this.#touch(event.time);
    if (cashflow !== undefined) this.#funding += cashflow;
    this.#fundingView = {
      rate: event.rate,
      intervalHours: event.intervalHours,
      lastSettlement: event.time,
      nextSettlement: (event.time + event.intervalHours * HOUR_MS) as EpochMs,
    };
    this.#markAll(event.markPrice);
    this.#changed();
  }

  onLiquidation(symbol: string, time: EpochMs): void {
    this.#touch(time);
    this.#positions.delete(symbol);
    this.#changed();
  }

  onTrade(trade: TradeRecord): void {
    this.#touch(trade.exitTime);
    this.#trades.push(trade);
    this.#changed();
  }

  onRiskDecision(decision: RiskDecision): void {
    this.#touch(decision.time);
    this.#decisions.push(decision);
    if (decision.outcome === 'refused') this.#refused.push(decision);
    this.#changed();
  }

  // --- setters for what observer events do not carry ---

  setMarkPrice(price: number, time: EpochMs): void {
    this.#touch(time);
    this.#markAll(price);
    this.#changed();
  }

  /** Leverage of the position in `symbol` (the session knows what it asked the venue for). */
  setLeverage(symbol: string, leverage: number): void {
    this.#leverage.set(symbol, leverage);
    const book = this.#positions.get(symbol);
    if (book !== undefined) book.leverage = leverage;
    this.#changed();
  }

  /** The risk engine's halt (`haltedUntil`, `haltRule` of its `RiskView`); undefined: entries allowed. */
  setBreaker(halt: { readonly rule: string; readonly until: EpochMs } | undefined): void {
    this.#breaker = halt;
    this.#changed();
  }

  setSignals(score: number | null, families: readonly SignalFamilyView[]): void {
    this.#score = score;
    this.#families = families;
    this.#changed();
  }

  setFeeds(feeds: readonly FeedHealthView[]): void {
    this.#feeds = feeds;
    this.#changed();
  }

  setLatency(latency: readonly LatencyView[]): void {
    this.#latency = latency;
    this.#changed();
  }

  setPaused(paused: boolean): void {
    this.#paused = paused;
    this.#changed();
  }

  // --- ApiStateSource ---

  snapshot(): ApiState {
    const positions = [...this.#positions.entries()].map(([symbol, p]) => ({
      symbol,
      quantity: p.quantity,
      entryPrice: p.entryPrice,
      markPrice: p.markPrice,
      leverage: p.leverage,
      unrealisedPnl: (p.markPrice - p.entryPrice) * p.quantity,
    }));
    const unrealisedPnl = positions.reduce((sum, p) => sum + p.unrealisedPnl, 0);
    const realisedPnl = this.#pricePnl - this.#fees + this.#funding;
    const equity = this.#o.startingEquity + realisedPnl + unrealisedPnl;
    const notional = positions.reduce((sum, p) => sum + Math.abs(p.quantity) * p.markPrice, 0);
    const marginUsed = positions.reduce(
      (sum, p) => sum + (Math.abs(p.quantity) * p.entryPrice) / p.leverage,
      0,
    );
    const marginCap = this.#o.marginCapFraction * equity;
    return {
      version: this.#version,
      time: this.#time,
      paused: this.#paused,
      account: {
        startingEquity: this.#o.startingEquity,
        equity,
        realisedPnl,
        unrealisedPnl,
        fees: this.#fees,
        funding: this.#funding,
      },
      positions,
      exposure: {
        leverage: equity > 0 ? notional / equity : 0,
        leverageCap: this.#o.leverageCap,
        marginUsed,
        marginCapFraction: this.#o.marginCapFraction,
        marginUtilisation: marginCap > 0 ? marginUsed / marginCap : 0,
      },
      funding: this.#fundingSnapshot(positions),
      breaker: this.#breakerSnapshot(),
      signals: { score: this.#score, families: this.#families },
      recentTrades: this.#trades.newest(this.#o.recentInState),
      refusedDecisions: this.#refused.newest(this.#o.recentInState),
      feeds: this.#feeds,
      latency: this.#latency,
    };
  }

  trades(limit: number): readonly TradeRecord[] {
    return this.#trades.newest(limit);
  }

  riskDecisions(limit: number): readonly RiskDecision[] {
    return this.#decisions.newest(limit);
  }

  health(): HealthView {
    const unhealthyFeeds = this.#feeds.filter((f) => !f.healthy).map((f) => f.name);
    return { status: unhealthyFeeds.length === 0 ? 'ok' : 'degraded', unhealthyFeeds, time: this.#time };
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #fundingSnapshot(positions: ApiState['positions']): FundingView | null {
    if (this.#fundingView === null) return null;
    const rate = this.#fundingView.rate;
    // Cash flow = -rate × mark × signed quantity (positive rate: longs pay).
    const expectedPayment = positions.reduce((sum, p) => sum - rate * p.markPrice * p.quantity, 0);
    return { ...this.#fundingView, expectedPayment };
  }

  #breakerSnapshot(): BreakerView {
    const halt = this.#breaker;
    if (halt === undefined || (this.#time !== null && this.#time >= halt.until)) {
      return { state: 'active', rule: undefined, until: undefined, calmRemainingMs: 0 };
    }
    const now = this.#time ?? halt.until;
    return { state: 'halted', rule: halt.rule, until: halt.until, calmRemainingMs: halt.until - now };
  }

  #markAll(price: number): void {
    for (const book of this.#positions.values()) book.markPrice = price;
  }

  #touch(time: EpochMs): void {
    if (this.#time === null || time > this.#time) this.#time = time;
  }

  #changed(): void {
    this.#version += 1;
    for (const listener of this.#listeners) listener();
  }
}
