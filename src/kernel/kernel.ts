import {
  type ClientOrderId,
  type Clock,
  type EpochMs,
  type Fill,
  type InstrumentSpec,
  type OrderRequest,
  type OrderState,
  InvariantError,
} from '../core/index.js';
import type { Candle } from '../data/index.js';
import { roundQuantityDown, type VenueEvent } from '../execution/index.js';
import type { LiquidationResult, Portfolio } from '../portfolio/index.js';
import {
  type BarEvent,
  type DataEvent,
  type FundingRateEvent,
  type OrderIntent,
  type Strategy,
  type StrategyContext,
  StrategyError,
  type TargetPosition,
} from '../strategy/index.js';
import { EquityCurve } from './equity-curve.js';
import type { OrderPort } from './ports.types.js';
import { TradeTracker } from './trade-tracker.js';
import type { TradeRecord } from './trade.types.js';

/** A strategy decision as journaled: what it asked for, when, and at what price. */
export interface Decision {
  readonly time: EpochMs;
  readonly kind: 'target' | 'order' | 'cancel';
  readonly detail: TargetPosition | OrderIntent | { clientOrderId: ClientOrderId };
  readonly price: number;
}

/** Optional listeners (journal, results, dashboard). None of them can change what the kernel does. */
export interface KernelObserver {
  onDecision?(decision: Decision): void;
  onOrder?(order: OrderState): void;
  onFill?(fill: Fill): void;
  onFunding?(event: FundingRateEvent, cashflow: number | undefined): void;
  onLiquidation?(symbol: string, time: EpochMs, result: LiquidationResult): void;
  onTrade?(trade: TradeRecord): void;
  onLog?(time: EpochMs, message: string): void;
}

export interface KernelOptions {
  readonly clock: Clock;
  readonly symbol: string;
  readonly strategy: Strategy;
  readonly portfolio: Portfolio;
  readonly venue: OrderPort;
  /** Filters of the traded contract (step size for position sizing). */
  readonly instrument: InstrumentSpec;
  /** Leverage for positions the strategy opens without naming one. */
  readonly leverage: number;
  /** Arranges for `onTimer(name)` at `at` (the backtest queue or a wall-clock timer). */
  readonly scheduleTimer: (at: EpochMs, name: string) => void;
  readonly observer?: KernelObserver;
  /** Bars expected, to size the equity curve once (it grows if more come). */
  readonly expectedBars?: number;
}

/**
 * The trading kernel: strategy, orders and portfolio wired once. It never reads a clock other than
 * the injected one and does not know whether it runs in a backtest or live; the driver feeds it
 * events in order and passes venue reports to `applyVenueEvents`.
 */
export class Kernel {
  readonly trades = new TradeTracker();
  readonly equity: EquityCurve;
  readonly symbol: string;
  #o: KernelOptions;
  #ctx: StrategyContext;
  #pendingTarget: TargetPosition | undefined;
  /** The order working toward the last target; a new target replaces it. */
  #targetOrder: ClientOrderId | undefined;
  #orderLeverage = new Map<string, number>();
  #nextOrder = 1;
  #lastPrice = NaN;

  constructor(options: KernelOptions) {
    this.#o = options;
    this.symbol = options.symbol;
    this.equity = new EquityCurve(Math.max(16, options.expectedBars ?? 4096));
    this.#ctx = this.#makeContext();
  }

  get lastPrice(): number {
    return this.#lastPrice;
  }

  start(): void {
    this.#hook('onStart', () => this.#o.strategy.onStart?.(this.#ctx));
  }

  stop(): void {
    this.#hook('onStop', () => this.#o.strategy.onStop?.(this.#ctx));
  }

  /** A bar opens: a pending target becomes an order sized at the open price. */
  onBarOpen(candle: Candle): void {
    this.#lastPrice = candle.open;
    const target = this.#pendingTarget;
    if (!target) return;
    this.#pendingTarget = undefined;
    const { portfolio, instrument, clock } = this.#o;
    if (this.#targetOrder) {
      this.#cancel(this.#targetOrder, clock.now());
      this.#targetOrder = undefined;
    }
    portfolio.markToMarket(this.symbol, candle.open);
    const current = portfolio.position(this.symbol)?.quantity ?? 0;
    const leverage = target.leverage ?? this.#o.leverage;
    const size =
      target.side === 'flat'
        ? 0
        : roundQuantityDown((portfolio.equity() * leverage) / candle.open, instrument.stepSize);
    const desired = target.side === 'short' ? -size : size;
    const delta = desired - current;
    if (Math.abs(delta) < instrument.stepSize / 2) return;
    this.#targetOrder = this.#submit(
      {
        side: delta > 0 ? 'buy' : 'sell',
        type: 'market',
        quantity: roundQuantityDown(Math.abs(delta), instrument.stepSize),
        reduceOnly: desired === 0,
        tag: target.tag ?? 'target',
      },
      leverage,
    );
  }

  /** A bar closed (after the venue processed it): mark, sample equity, let the strategy decide. */
  onBarClose(bar: BarEvent): void {
    const { portfolio } = this.#o;
    const price = bar.candle.close;
    this.#lastPrice = price;
    portfolio.markToMarket(this.symbol, price);
    const pos = portfolio.position(this.symbol);
    const upnl = portfolio.unrealisedPnl();
    this.equity.push(
      bar.closeTime,
      portfolio.walletBalance + upnl,
      portfolio.walletBalance,
      upnl,
      portfolio.marginUsed(),
      pos?.quantity ?? 0,
      price,
    );
    // The hottest hook: called without the closure #hook would allocate for every bar.
    const strategy = this.#o.strategy;
    if (!strategy.onBar) return;
    try {
      strategy.onBar(bar, this.#ctx);
    } catch (err) {
      if (err instanceof InvariantError) throw err;
      throw new StrategyError(strategy.name, 'onBar', err);
    }
  }

  onFunding(event: FundingRateEvent): void {
    const cashflow = this.#o.portfolio.settleFunding(event.symbol, event.time, event.rate, event.markPrice);
    if (cashflow !== undefined) this.trades.onFunding(event.symbol, cashflow);
    this.#o.observer?.onFunding?.(event, cashflow);
    this.#hook('onFunding', () => this.#o.strategy.onFunding?.(event, this.#ctx));
  }

  onData(event: DataEvent): void {
    this.#hook('onData', () => this.#o.strategy.onData?.(event, this.#ctx));
  }

  onTimer(name: string): void {
    this.#hook('onTimer', () => this.#o.strategy.onTimer?.(name, this.#ctx));
  }

  /** Applies what the venue reported: order updates, fills (to the portfolio), liquidations. */
  applyVenueEvents(events: readonly VenueEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'order') this.#o.observer?.onOrder?.(ev.order);
      else if (ev.type === 'fill') this.#applyFill(ev.fill);
      else this.#applyLiquidation(ev.symbol, ev.time);
    }
  }

  #applyFill(fill: Fill): void {
    const leverage = this.#orderLeverage.get(fill.clientOrderId) ?? this.#o.leverage;
    const effect = this.#o.portfolio.applyFill(fill, leverage);
    if (effect.duplicate) return;
    const before = this.trades.closed.length;
    this.trades.onFill(fill, effect, leverage);
    this.#o.observer?.onFill?.(fill);
    this.#emitTrades(before);
    this.#hook('onFill', () => this.#o.strategy.onFill?.(fill, this.#ctx));
  }

  #applyLiquidation(symbol: string, time: EpochMs): void {
    const result = this.#o.portfolio.liquidate(symbol, time);
    const before = this.trades.closed.length;
    this.trades.onLiquidation(symbol, time, result.price, result.realisedPnl, result.fee);
    this.#o.observer?.onLiquidation?.(symbol, time, result);
    this.#emitTrades(before);
  }

  #emitTrades(from: number): void {
    const observer = this.#o.observer;
    if (!observer?.onTrade) return;
    for (let i = from; i < this.trades.closed.length; i++)
      observer.onTrade(this.trades.closed[i] as TradeRecord);
  }

  #submit(intent: OrderIntent, leverage: number): ClientOrderId {
    const { clock, venue, observer } = this.#o;
    const clientOrderId = `${this.#o.strategy.name}-${this.#nextOrder++}` as ClientOrderId;
    const request: OrderRequest = { ...intent, clientOrderId, symbol: this.symbol };
    this.#orderLeverage.set(clientOrderId, leverage);
    const state = venue.submit(request, clock.now(), this.#lastPrice);
    observer?.onOrder?.(state);
    return clientOrderId;
  }

  #cancel(clientOrderId: ClientOrderId, now: EpochMs): void {
    const state = this.#o.venue.cancel(clientOrderId, now);
    // A finished order comes back unchanged: only a cancel made now is news.
    if (state?.status === 'canceled' && state.updatedAt === now) this.#o.observer?.onOrder?.(state);
  }

  #decide(kind: Decision['kind'], detail: Decision['detail']): void {
    this.#o.observer?.onDecision?.({ time: this.#o.clock.now(), kind, detail, price: this.#lastPrice });
  }

  #hook(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof InvariantError) throw err;
      throw new StrategyError(this.#o.strategy.name, name, err);
    }
  }

  #makeContext(): StrategyContext {
    const o = this.#o;
    return {
      symbol: this.symbol,
      now: () => o.clock.now(),
      account: () => ({
        equity: o.portfolio.equity(),
        wallet: o.portfolio.walletBalance,
        marginUsed: o.portfolio.marginUsed(),
        available: o.portfolio.availableBalance(),
      }),
      position: () => {
        const p = o.portfolio.position(this.symbol);
        if (!p || p.quantity === 0) return undefined;
        return {
          symbol: p.symbol,
          quantity: p.quantity,
          entryPrice: p.entryPrice,
          leverage: p.leverage,
          unrealisedPnl: o.portfolio.unrealisedPnl(this.symbol),
          liquidationPrice: o.portfolio.liquidationPrice(this.symbol),
          openedAt: p.openedAt,
        };
      },
      setTarget: (target) => {
        this.#pendingTarget = target;
        this.#decide('target', target);
      },
      submitOrder: (intent) => {
        this.#decide('order', intent);
        return this.#submit(intent, o.leverage);
      },
      cancelOrder: (clientOrderId) => {
        this.#decide('cancel', { clientOrderId });
        this.#cancel(clientOrderId, o.clock.now());
      },
      setTimer: (at, name) => o.scheduleTimer(at, name),
      log: (message) => o.observer?.onLog?.(o.clock.now(), message),
    };
  }
}
