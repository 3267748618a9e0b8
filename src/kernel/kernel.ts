import {
  type ClientOrderId,
  type Clock,
  type EpochMs,
  type Fill,
  type InstrumentSpec,
  type OrderRequest,
  type OrderState,
  InvariantError,
  OrderStatus,
} from '../core/index.js';
import type { Candle } from '../data/index.js';
import { roundQuantityDown, roundToIncrement, type VenueEvent } from '../execution/index.js';
import type { LiquidationResult, Portfolio } from '../portfolio/index.js';
import type { Origin, RiskDecision, RiskVerdict } from '../risk/risk.types.js';
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
import { DEFAULT_PROTECTIVE_EXITS, ManualHold, isProtectiveExit, manualNoteOf } from './manual-hold.js';
import type {
  FlattenDetail,
  FlattenResult,
  HeldTargetDetail,
  ManualNote,
  ManualOrderDetail,
  ManualOrderRequest,
  ManualOrderResult,
} from './manual-order.types.js';
import type { OrderPort, RiskGate } from './ports.types.js';
import { TradeTracker } from './trade-tracker.js';
import type { TradeRecord } from './trade.types.js';

/**
 * A decision as journaled: what was asked for, when, and at what price. `target`, `order`, `cancel`:
 * the strategy's; `manual_order`, `manual_flatten`: the operator's (with the operator's note, mood and
 * confidence on `manual_order`); `target_held`: a strategy target the kernel did not act on because the
 * position is under manual control.
 */
export interface Decision {
  readonly time: EpochMs;
  readonly kind: 'target' | 'order' | 'cancel' | 'manual_order' | 'manual_flatten' | 'target_held';
  readonly detail:
    | TargetPosition
    | OrderIntent
    | { clientOrderId: ClientOrderId }
    | ManualOrderDetail
    | FlattenDetail
    | HeldTargetDetail;
  readonly price: number;
  readonly operatorNote?: string | undefined;
  readonly mood?: string | undefined;
  readonly confidence?: number | undefined;
}

/** Optional listeners (journal, results, dashboard). None of them can change what the kernel does. */
export interface KernelObserver {
  onDecision?(decision: Decision): void;
  onOrder?(order: OrderState): void;
  onFill?(fill: Fill): void;
  onFunding?(event: FundingRateEvent, cashflow: number | undefined): void;
  onLiquidation?(symbol: string, time: EpochMs, result: LiquidationResult): void;
  /** A closed trade; one a manual order touched is a `ManualTradeRecord` (`origin: 'manual'`, the note). */
  onTrade?(trade: TradeRecord): void;
  onLog?(time: EpochMs, message: string): void;
  /** A refusal or resize the kernel made itself (an order the venue would refuse for its size). */
  onRiskDecision?(decision: RiskDecision): void;
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
  /** The risk engine every entry must pass; none: orders go to the venue as the strategy sized them. */
  readonly risk?: RiskGate;
  /**
   * Tags of the strategy's flat targets that still act on a position under manual control (default
   * `time_exit`, `stop_loss`: the playbook's protective exits). Every other target is held.
   */
  readonly protectiveExits?: readonly string[];
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
  /** While the target order opens or grows a position and is not finished: its side and what is left. */
  #workingEntry: { sign: 1 | -1; remaining: number; tag: string } | undefined;
  #orderLeverage = new Map<string, number>();
  /** The snapshot of the target decision behind an order, for the trade it opens. */
  #orderSnapshot = new Map<string, unknown>();
  #nextOrder = 1;
  #lastPrice = NaN;
  /** Set by the risk engine (circuit breaker): close everything at the next opportunity. */
  #flattenTag: string | undefined;
  /** Target orders not sent because the venue would refuse their size (below min quantity or notional). */
  skippedTargets = 0;
  readonly #manual = new ManualHold();

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

  /**
   * A bar opens: a pending target becomes an order sized at the open price (entries through the risk
   * engine); a pending flatten (circuit breaker) closes the position instead, whatever the strategy asked.
   */
  onBarOpen(candle: Candle): void {
    this.#lastPrice = candle.open;
    if (this.#workingEntry) this.#recheckWorkingEntry(candle.open);
    const target = this.#pendingTarget;
    const flattenTag = this.#flattenTag;
    if (!target && flattenTag === undefined) return;
    this.#pendingTarget = undefined;
    this.#flattenTag = undefined;
    const { portfolio, instrument, clock } = this.#o;
    const now = clock.now();
    if (this.#manual.active) {
      if (flattenTag !== undefined) this.#endManual(now);
      else if (target && this.#holdsTarget(target, now)) return;
    }
    if (this.#targetOrder) {
      this.#cancel(this.#targetOrder, now);
      this.#targetOrder = undefined;
      this.#workingEntry = undefined;
    }
    portfolio.markToMarket(this.symbol, candle.open);
    const current = this.#currentQuantity();
    let leverage = target?.leverage ?? this.#o.leverage;
    let desired = 0;
    const tag = flattenTag ?? target?.tag ?? 'target';
    if (flattenTag === undefined && target && target.side !== 'flat') {
      const size = roundQuantityDown((portfolio.equity() * leverage) / candle.open, instrument.stepSize);
      desired = target.side === 'short' ? -size : size;
      if (isEntry(current, desired)) {
        const verdict = this.#checkEntry(now, current, desired, leverage, candle.open, target.expectedEdge);
        if (verdict) {
          desired = verdict.quantity;
          leverage = verdict.leverage;
        }
      }
    }
    const delta = desired - current;
    if (Math.abs(delta) < instrument.stepSize / 2) return;
    const quantity = roundQuantityDown(Math.abs(delta), instrument.stepSize);
    const reduceOnly = desired === 0;
    if (!reduceOnly && this.#belowVenueMinimum(quantity, candle.open, now)) return;
    this.#targetOrder = this.#submit(
      { side: delta > 0 ? 'buy' : 'sell', type: 'market', quantity, reduceOnly, tag },
      leverage,
    );
    if (isEntry(current, desired))
      this.#workingEntry = { sign: delta > 0 ? 1 : -1, remaining: quantity, tag };
    if (target?.snapshot !== undefined && flattenTag === undefined)
      this.#orderSnapshot.set(this.#targetOrder, target.snapshot);
  }

  /**
   * A bar closed (after the venue processed it): mark, sample equity, let the risk engine see the bar
   * and the equity (a circuit breaker queues a flatten), then let the strategy decide.
   */
  onBarClose(bar: BarEvent): void {
    const { portfolio, risk } = this.#o;
    const price = bar.candle.close;
    this.#lastPrice = price;
    portfolio.markToMarket(this.symbol, price);
    const pos = portfolio.position(this.symbol);
    const upnl = portfolio.unrealisedPnl();
    const equity = portfolio.walletBalance + upnl;
    this.equity.push(
      bar.closeTime,
      equity,
      portfolio.walletBalance,
      upnl,
      portfolio.marginUsed(),
      pos?.quantity ?? 0,
      price,
    );
    if (risk) {
      for (const action of risk.onBar(bar.candle, bar.closeTime)) this.#flattenTag = action.decision.rule;
      risk.onEquity(bar.closeTime, equity);
    }
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
    this.#o.risk?.onFunding(event);
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

  /**
   * A discretionary market order from the operator (API, CLI), the same in backtest, paper and live.
   * Refused at the weekend (`risk.checkManual('override')`). An order that opens or grows exposure
   * passes `risk.checkEntry` with origin `manual` (the caps may resize or refuse it); a reduction goes
   * as asked, reduce-only. A sent order puts the position under manual control: the strategy's targets
   * are held (journaled as `target_held`) until the position is flat again, except its protective
   * exits (`protectiveExits`); the strategy's own orders (its protective stop) still go out. Decided
   * at the kernel's clock (in paper and live: the last bar's close) and sized at the last price; the
   * decision is journaled as `manual_order` with the note, the trade as a `ManualTradeRecord`.
   * @returns the order's client id, or the refusal (then nothing was sent)
   * @throws InputError when the request is malformed (side, quantity, note, confidence)
   */
  manualOrder(order: ManualOrderRequest): ManualOrderResult {
    const note = manualNoteOf(order);
    const now = this.#o.clock.now();
    const result = this.#manualOrder(order, note, now);
    const detail: ManualOrderDetail = result.ok
      ? {
          side: order.side,
          quantity: order.quantity,
          outcome: 'sent',
          clientOrderId: result.clientOrderId,
          sentQuantity: result.quantity,
        }
      : {
          side: order.side,
          quantity: order.quantity,
          outcome: 'refused',
          rule: result.rule,
          message: result.message,
        };
    this.#o.observer?.onDecision?.({
      time: now,
      kind: 'manual_order',
      detail,
      price: this.#lastPrice,
      ...note,
    });
    return result;
  }

  /**
   * A safety halt from the operator: closes the position now with a reduce-only market order (in a
   * backtest or paper session it fills at the next bar open). Always allowed, weekend included (the
   * weekend rule refuses discretionary overrides, never a halt). Cancels the working manual and target
   * orders, drops a pending target and ends manual control. It does not pause the strategy, which may
   * enter again at a later bar.
   */
  flatten(tag = 'manual_flatten'): FlattenResult {
    const now = this.#o.clock.now();
    this.#endManual(now);
    this.#pendingTarget = undefined;
    if (this.#targetOrder) {
      this.#cancel(this.#targetOrder, now);
      this.#targetOrder = undefined;
      this.#workingEntry = undefined;
    }
    const quantity = this.#currentQuantity();
    let clientOrderId: ClientOrderId | undefined;
    if (quantity !== 0) {
      const intent: OrderIntent = {
        side: quantity > 0 ? 'sell' : 'buy',
        type: 'market',
        quantity: Math.abs(quantity),
        reduceOnly: true,
        tag,
      };
      clientOrderId = this.#submit(intent, this.#o.leverage);
      // Tracked as the target order: a later target replaces it like any other.
      this.#targetOrder = clientOrderId;
    }
    this.#decide('manual_flatten', { tag, quantity, ...(clientOrderId ? { clientOrderId } : {}) });
    return { clientOrderId, quantity };
  }

  #manualOrder(order: ManualOrderRequest, note: ManualNote, now: EpochMs): ManualOrderResult {
    const { risk, instrument } = this.#o;
    const weekend = risk?.checkManual('override', now);
    if (weekend) return refused(weekend.rule, weekend.message, [weekend]);
    const working = this.#manual.working;
    if (working !== undefined) {
      return refused(
        'manual_pending',
        `manual order ${working} is still working: send the next one once it has filled or been canceled`,
      );
    }
    const price = this.#lastPrice;
    if (!Number.isFinite(price))
      return refused('no_price', 'no market price yet: manual orders wait for the first bar');
    const step = instrument.stepSize;
    const requested = roundQuantityDown(order.quantity, step);
    const current = this.#currentQuantity();
    let desired = current + (order.side === 'buy' ? requested : -requested);
    let leverage = this.#o.leverage;
    let decisions: readonly RiskDecision[] = [];
    if (requested > 0 && isEntry(current, desired)) {
      const verdict = this.#checkEntry(now, current, desired, leverage, price, undefined, 'manual');
      if (verdict) {
        desired = verdict.quantity;
        leverage = verdict.leverage;
        decisions = verdict.decisions;
      }
    }
    const quantity = roundQuantityDown(Math.abs(desired - current), step);
    if (quantity < step / 2) {
      const first = decisions[0];
      if (first) return refused(first.rule, first.message, decisions);
      return refused('min_size', `manual order of ${order.quantity} is less than one step of ${step}`);
    }
    const reduceOnly = !isEntry(current, desired);
    const tooSmall = reduceOnly ? undefined : this.#belowVenueMinimum(quantity, price, now, 'manual');
    if (tooSmall) return refused(tooSmall.rule, tooSmall.message, [...decisions, tooSmall]);
    // The automatic order working toward the last target would fight the manual one.
    if (this.#targetOrder) {
      this.#cancel(this.#targetOrder, now);
      this.#targetOrder = undefined;
      this.#workingEntry = undefined;
    }
    const side = desired > current ? 'buy' : 'sell';
    const state = this.#send({ side, type: 'market', quantity, reduceOnly, tag: 'manual' }, leverage);
    if (state.status === OrderStatus.Rejected)
      return refused('venue_rejected', state.rejectReason ?? 'the venue rejected the order', decisions);
    this.#manual.start(state.clientOrderId, note);
    return {
      ok: true,
      clientOrderId: state.clientOrderId,
      side,
      quantity,
      requested,
      reduceOnly,
      leverage,
      decisions,
    };
  }

  /**
   * Whether a target waits because the position is under manual control (journaled as `target_held`).
   * Manual control ends here once no manual order is working and the position is flat.
   */
  #holdsTarget(target: TargetPosition, now: EpochMs): boolean {
    if (!this.#manual.holds(this.#currentQuantity() === 0)) return false;
    if (isProtectiveExit(target, this.#o.protectiveExits ?? DEFAULT_PROTECTIVE_EXITS)) return false;
    const manualOrder = this.#manual.last as ClientOrderId;
    const detail: HeldTargetDetail = {
      target,
      manualOrder,
      reason:
        `the position is under manual control (manual order ${manualOrder}): the strategy's ` +
        `${target.side} target${target.tag === undefined ? '' : ` (${target.tag})`} waits until it is flat again`,
    };
    this.#o.observer?.onDecision?.({ time: now, kind: 'target_held', detail, price: this.#lastPrice });
    return true;
  }

  /** Ends manual control (a flatten): a manual order still working is canceled. */
  #endManual(now: EpochMs): void {
    const working = this.#manual.working;
    if (working !== undefined) this.#cancel(working, now);
    this.#manual.forgetWorking();
    this.#manual.end();
  }

  /** Applies what the venue reported: order updates, fills (to the portfolio), liquidations. */
  applyVenueEvents(events: readonly VenueEvent[]): void {
    // Called twice a bar, almost always with nothing: no iterator object for an empty list.
    for (let i = 0; i < events.length; i++) {
      const ev = events[i] as VenueEvent;
      if (ev.type === 'order') {
        if (ev.order.clientOrderId === this.#targetOrder) this.#trackTargetOrder(ev.order);
        else if (ev.order.clientOrderId === this.#manual.working) this.#manual.onOrder(ev.order);
        this.#o.observer?.onOrder?.(ev.order);
      } else if (ev.type === 'fill') this.#applyFill(ev.fill);
      else this.#applyLiquidation(ev.symbol, ev.time);
    }
  }

  #applyFill(fill: Fill): void {
    const leverage = this.#orderLeverage.get(fill.clientOrderId) ?? this.#o.leverage;
    const effect = this.#o.portfolio.applyFill(fill, leverage);
    if (effect.duplicate) return;
    const before = this.trades.closed.length;
    const snapshot = this.#orderSnapshot.get(fill.clientOrderId);
    this.trades.onFill(fill, effect, leverage, snapshot, this.#manual.noteOf(fill.clientOrderId));
    this.#o.observer?.onFill?.(fill);
    this.#emitTrades(before);
    this.#hook('onFill', () => this.#o.strategy.onFill?.(fill, this.#ctx));
  }

  #applyLiquidation(symbol: string, time: EpochMs): void {
    const result = this.#o.portfolio.liquidate(symbol, time);
    // The target order was sized for the position just closed: its rest (an entry split over bars, a
    // reduction) would re-open it, or open the other side. The strategy decides again at the close.
    if (this.#targetOrder) {
      this.#cancel(this.#targetOrder, time);
      this.#targetOrder = undefined;
      this.#workingEntry = undefined;
    }
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

  /** The position on the step grid (fills summed in float drift off it: 1,200 - 1,100.4 = 99.59999999999991). */
  #currentQuantity(): number {
    const q = this.#o.portfolio.position(this.symbol)?.quantity ?? 0;
    return roundToIncrement(q, this.#o.instrument.stepSize, 'nearest');
  }

  #trackTargetOrder(order: OrderState): void {
    if (!this.#workingEntry) return;
    const remaining = order.quantity - order.filledQuantity;
    const finished = order.status !== 'open' && order.status !== 'partially_filled';
    if (finished || remaining < this.#o.instrument.stepSize / 2) this.#workingEntry = undefined;
    else this.#workingEntry.remaining = remaining;
  }

  /**
   * The rest of an entry split over bars (volume cap) fills later than it was checked: before each
   * piece, ask the risk engine whether one more step may be added now; if not (thin hours began, a halt,
   * a blackout), cancel the rest.
   */
  #recheckWorkingEntry(price: number): void {
    const entry = this.#workingEntry;
    const orderId = this.#targetOrder;
    if (!entry || !this.#o.risk || !orderId) return;
    const { clock, instrument } = this.#o;
    const now = clock.now();
    const current = this.#currentQuantity();
    // Still closing the other side (a flip): the probe is the first step of the new side.
    const probe = (Math.sign(current) === entry.sign ? current : 0) + entry.sign * instrument.stepSize;
    const leverage = this.#orderLeverage.get(orderId) ?? this.#o.leverage;
    const verdict = this.#checkEntry(now, current, probe, leverage, price, undefined);
    if (!verdict || Math.abs(verdict.quantity - probe) < instrument.stepSize / 2) return;
    this.#cancel(orderId, now);
    this.#targetOrder = undefined;
    this.#workingEntry = undefined;
    if (current !== 0 && Math.sign(current) !== entry.sign) {
      // The closing part of a flip is a reduction: it goes on without the new side.
      this.#targetOrder = this.#submit(
        {
          side: entry.sign > 0 ? 'buy' : 'sell',
          type: 'market',
          quantity: Math.abs(current),
          reduceOnly: true,
          tag: entry.tag,
        },
        leverage,
      );
    }
  }

  #checkEntry(
    now: EpochMs,
    current: number,
    desired: number,
    leverage: number,
    price: number,
    expectedEdge: number | undefined,
    origin: Origin = 'auto',
  ): RiskVerdict | undefined {
    const { risk, portfolio, instrument } = this.#o;
    if (!risk) return undefined;
    const own = portfolio.position(this.symbol)?.isolatedMargin ?? 0;
    return risk.checkEntry({
      time: now,
      symbol: this.symbol,
      currentQuantity: current,
      desiredQuantity: desired,
      leverage,
      price,
      equity: portfolio.equity(),
      otherMargin: Math.max(0, portfolio.marginUsed() - own),
      // A flip closes the old position first: only a same-side growth keeps its posted margin.
      positionMargin: Math.sign(desired) === Math.sign(current) ? own : 0,
      stepSize: instrument.stepSize,
      expectedEdge,
      origin,
    });
  }

  /** The refusal (reported) when the venue would refuse an order this small: no point sending it. */
  #belowVenueMinimum(
    quantity: number,
    price: number,
    now: EpochMs,
    origin: Origin = 'auto',
  ): RiskDecision | undefined {
    const { instrument, observer } = this.#o;
    const notional = quantity * price;
    if (quantity >= instrument.minQuantity && notional >= instrument.minNotional) return undefined;
    if (origin === 'auto') this.skippedTargets++;
    const decision: RiskDecision = {
      time: now,
      symbol: this.symbol,
      rule: 'min_size',
      outcome: 'refused',
      message: `order of ${quantity} at ${price} (notional ${notional.toFixed(2)}) is below the venue minimum (quantity ${instrument.minQuantity}, notional ${instrument.minNotional})`,
      numbers: {
        quantity,
        price,
        notional,
        minQuantity: instrument.minQuantity,
        minNotional: instrument.minNotional,
      },
      origin,
    };
    observer?.onRiskDecision?.(decision);
    return decision;
  }

  /** A strategy order: entries pass the risk engine (resized or refused); reductions go as they are. */
  #submitIntent(intent: OrderIntent): ClientOrderId {
    const { clock, instrument } = this.#o;
    if (intent.reduceOnly === true || !this.#o.risk) return this.#submit(intent, this.#o.leverage);
    const now = clock.now();
    const current = this.#currentQuantity();
    const desired = current + (intent.side === 'buy' ? intent.quantity : -intent.quantity);
    if (!isEntry(current, desired)) return this.#submit(intent, this.#o.leverage);
    const price = intent.price ?? intent.triggerPrice ?? this.#lastPrice;
    const verdict = this.#checkEntry(now, current, desired, this.#o.leverage, price, undefined);
    if (!verdict) return this.#submit(intent, this.#o.leverage);
    const quantity = roundQuantityDown(Math.abs(verdict.quantity - current), instrument.stepSize);
    if (quantity > 0) return this.#submit({ ...intent, quantity }, verdict.leverage);
    return this.#rejectLocally(intent, now, verdict);
  }

  #rejectLocally(intent: OrderIntent, now: EpochMs, verdict: RiskVerdict): ClientOrderId {
    const clientOrderId = `${this.#o.strategy.name}-${this.#nextOrder++}` as ClientOrderId;
    const first = verdict.decisions[0];
    const state: OrderState = {
      ...intent,
      clientOrderId,
      symbol: this.symbol,
      status: OrderStatus.Rejected,
      filledQuantity: 0,
      averagePrice: undefined,
      createdAt: now,
      updatedAt: now,
      rejectReason: first ? `RISK_${first.rule.toUpperCase()}: ${first.message}` : 'RISK_REFUSED',
    };
    this.#o.observer?.onOrder?.(state);
    return clientOrderId;
  }

  #submit(intent: OrderIntent, leverage: number): ClientOrderId {
    return this.#send(intent, leverage).clientOrderId;
  }

  #send(intent: OrderIntent, leverage: number): OrderState {
    const { clock, venue, observer } = this.#o;
    const clientOrderId = `${this.#o.strategy.name}-${this.#nextOrder++}` as ClientOrderId;
    const request: OrderRequest = { ...intent, clientOrderId, symbol: this.symbol };
    this.#orderLeverage.set(clientOrderId, leverage);
    const state = venue.submit(request, clock.now(), this.#lastPrice);
    observer?.onOrder?.(state);
    return state;
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
        return this.#submitIntent(intent);
      },
      cancelOrder: (clientOrderId) => {
        this.#decide('cancel', { clientOrderId });
        this.#cancel(clientOrderId, o.clock.now());
      },
      risk: () => o.risk?.view(o.clock.now()),
      setTimer: (at, name) => o.scheduleTimer(at, name),
      log: (message) => o.observer?.onLog?.(o.clock.now(), message),
    };
  }
}

function refused(rule: string, message: string, decisions: readonly RiskDecision[] = []): ManualOrderResult {
  return { ok: false, rule, message, decisions };
}

/** Opening or growing a position (a flip opens the other side): what the risk engine must see. */
function isEntry(current: number, desired: number): boolean {
  if (desired === 0) return false;
  return Math.sign(desired) !== Math.sign(current) || Math.abs(desired) > Math.abs(current);
}
