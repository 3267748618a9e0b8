import {
  type ClientOrderId,
  type EpochMs,
  epochMs,
  InvariantError,
  type OrderRequest,
  type OrderState,
  OrderType,
  Side,
  VenueRejectedError,
} from '../core/index.js';
import type { Candle } from '../data/index.js';
import { roundToIncrement } from './decimal.js';
import { applyFilters, roundQuantityDown, stopWouldTrigger } from './filters.js';
import { barReaches, intrabarPath, type PathSide, sideOf } from './intrabar-path.js';
import { MarketStats, type MarketSnapshot } from './market-stats.js';
import * as states from './order-states.js';
import { planPathEvents, type WorkingOrder } from './path-events.js';
import { applySlippage, slippageFraction, validateSlippageConfig } from './slippage.js';
import { BarVolumeCap } from './volume-cap.js';
import type { BarCloseContext, SimVenueOptions, VenueEvent } from './sim-venue.types.js';

const NO_EVENTS: readonly VenueEvent[] = Object.freeze([]);

/**
 * The simulated exchange for backtests and paper trading: one instrument, fills from bars.
 *
 * Fill conventions (the kernel calls `onBarOpen` then `onBarClose` for every bar):
 * * market orders fill at the next bar's open plus slippage (taker), never intrabar;
 * * stops trigger when the intrabar path touches the trigger and fill there (or at the open when the
 *   bar gaps through it) plus slippage (taker);
 * * limits fill at their price, no slippage (maker), when the path trades strictly through it;
 * * fills in one bar total at most `maxBarVolumeFraction * bar.volume`, rounded down to the step;
 *   the rest keeps working (`partially_filled`); zero-volume bars fill nothing;
 * * the venue keeps its own net position from its fills; reduce-only orders are clipped to it and
 *   canceled once it is flat or flipped (like Binance), and after a liquidation.
 */
export class SimVenue {
  readonly #instrument: SimVenueOptions['instrument'];
  readonly #slippage: SimVenueOptions['slippage'];
  readonly #cap: BarVolumeCap;
  readonly #idPrefix: string;
  readonly #orders = new Map<ClientOrderId, WorkingOrder>();
  /** Orders that may still work, in submission order; finished ones are pruned as they are met. */
  readonly #working = new Set<WorkingOrder>();
  readonly #positions = new Map<string, number>();
  readonly #stats: MarketStats;
  #tradeSeq = 0;

  constructor(options: SimVenueOptions) {
    validateSlippageConfig(options.slippage);
    this.#cap = new BarVolumeCap(options.maxBarVolumeFraction, options.instrument.stepSize);
    this.#instrument = options.instrument;
    this.#slippage = options.slippage;
    this.#idPrefix = options.idPrefix ?? 'sim';
    this.#stats = new MarketStats(options.slippage.lookbackBars);
  }

  /** Exchange-side net position in base units (long > 0), from this venue's own fills. */
  position(symbol: string): number {
    return this.#positions.get(symbol) ?? 0;
  }

  /** What the slippage model knows: closed bars only. */
  marketStats(): MarketSnapshot {
    return this.#stats.snapshot();
  }

  /** Validates and accepts an order. `referencePrice` is the last close (min notional, stop sanity). */
  submit(request: OrderRequest, now: EpochMs, referencePrice: number): OrderState {
    if (this.#orders.has(request.clientOrderId)) {
      return states.rejectedState(
        request,
        now,
        `DUPLICATE_CLIENT_ORDER_ID: clientOrderId=${request.clientOrderId}`,
      );
    }
    const checked = applyFilters(request, this.#instrument, referencePrice, this.position(request.symbol));
    let state: OrderState;
    if (!checked.ok) {
      state = states.rejectedState(request, now, checked.rejection.message);
    } else {
      const crossed = stopWouldTrigger(checked.request, referencePrice);
      state = crossed
        ? states.rejectedState(request, now, crossed.message)
        : states.acceptedState(checked.request, now);
    }
    const w: WorkingOrder = { state, triggered: false, seq: this.#orders.size };
    this.#orders.set(request.clientOrderId, w);
    if (states.isWorking(state)) this.#working.add(w);
    return state;
  }

  /** Cancels a working order; a finished order is returned unchanged. */
  cancel(clientOrderId: ClientOrderId, now: EpochMs): OrderState {
    const w = this.#orders.get(clientOrderId);
    if (!w) throw new VenueRejectedError(`UNKNOWN_ORDER: clientOrderId=${clientOrderId}`);
    if (states.isWorking(w.state)) w.state = states.canceledState(w.state, now);
    return w.state;
  }

  /** Working orders (open or partially filled), in submission order. */
  openOrders(): OrderState[] {
    return [...this.#live()].map((w) => w.state);
  }

  order(clientOrderId: ClientOrderId): OrderState | undefined {
    return this.#orders.get(clientOrderId)?.state;
  }

  /**
   * The bar has opened: working market orders (and triggered stops' remainders) fill at its open plus
   * slippage, taker fee, stamped `bar.openTime`. A market order decided at a close fills here.
   */
  onBarOpen(bar: Candle, now: EpochMs): readonly VenueEvent[] {
    if (now < bar.openTime)
      throw new InvariantError(`onBarOpen at ${now} before the bar opens at ${bar.openTime}`);
    if (this.#working.size === 0) return NO_EVENTS;
    const events: VenueEvent[] = [];
    for (const w of this.#live()) {
      if (!states.isWorking(w.state)) continue;
      if (w.state.type === OrderType.Market || w.triggered)
        this.#fill(w, bar.open, bar, bar.openTime, true, events);
    }
    return events;
  }

  /**
   * The bar has closed: walk the pessimistic intrabar path (see intrabar-path.ts) and trigger stops,
   * fill limits and detect liquidation in the order the path reaches them; then learn the bar.
   */
  onBarClose(bar: Candle, closeTime: EpochMs, ctx: BarCloseContext = {}): readonly VenueEvent[] {
    if (closeTime <= bar.openTime) {
      throw new InvariantError(`bar close ${closeTime} not after its open ${bar.openTime}`);
    }
    const time = epochMs(closeTime - 1);
    const symbol = this.#instrument.symbol;
    const startSide = sideOf(this.position(symbol));
    const side: PathSide = ctx.positionSide ?? startSide;
    const liq = ctx.liquidationPrice;
    // Liquidation needs a position on the venue, on the side the portfolio says it is.
    const liquidatable = liq !== undefined && side !== 'flat' && side === startSide;
    // No trades in a zero-volume bar: nothing triggers or fills (liquidation, on mark price, still can).
    const hasOrders = bar.volume > 0 && this.#working.size > 0;
    // The usual bar (checked before allocating anything): no orders, the liquidation price not reached.
    if (!hasOrders && !(liquidatable && barReaches(bar, liq, side === 'long' ? 'down' : 'up'))) {
      this.#stats.add(bar);
      return NO_EVENTS;
    }
    const liquidation = liquidatable ? { price: liq, side } : undefined;
    const orders = hasOrders ? [...this.#live()] : [];
    if (orders.length === 0 && !liquidation) {
      this.#stats.add(bar);
      return NO_EVENTS;
    }
    const events: VenueEvent[] = [];
    for (const e of planPathEvents(intrabarPath(bar, side), orders, liquidation)) {
      const w = e.order;
      if (!w) {
        // Skipped if a stop earlier on the path already closed the position.
        if (!liquidation || sideOf(this.position(symbol)) !== liquidation.side) continue;
        events.push({ type: 'liquidation', symbol, price: liquidation.price, time });
        this.#positions.set(symbol, 0);
        this.#cancelReduceOnly(symbol, time, events);
      } else if (!states.isWorking(w.state)) {
        continue; // canceled earlier on the path
      } else if (w.state.type === OrderType.StopMarket) {
        w.triggered = true;
        // Gapped through at the open: the stop fills at the (worse) open, otherwise at its trigger.
        const base = e.at === 0 ? bar.open : (w.state.triggerPrice ?? bar.open);
        this.#fill(w, base, bar, time, true, events);
      } else {
        this.#fill(w, w.state.price ?? bar.open, bar, time, false, events);
      }
    }
    this.#stats.add(bar);
    return events;
  }

  /** Fills as much of `w` as reduce-only and the bar's volume cap allow. Taker fills slip; maker fills don't. */
  #fill(
    w: WorkingOrder,
    base: number,
    bar: Candle,
    time: EpochMs,
    taker: boolean,
    events: VenueEvent[],
  ): void {
    const s = w.state;
    const { stepSize, takerFee, makerFee } = this.#instrument;
    const position = this.position(s.symbol);
    let wanted = states.remainingQuantity(s, stepSize);
    if (s.reduceOnly === true) {
      const reduces = s.side === Side.Sell ? position > 0 : position < 0;
      if (!reduces) {
        this.#cancel(w, time, events);
        return;
      }
      wanted = Math.min(wanted, Math.abs(position));
    }
    const quantity = roundQuantityDown(Math.min(wanted, this.#cap.available(bar)), stepSize);
    if (quantity <= 0) return;

    const fraction = taker ? slippageFraction(this.#slippage, this.#stats.snapshot(), quantity, time) : 0;
    const price = applySlippage(base, s.side, fraction);
    const fill = states.fillOf(s, {
      tradeId: `${this.#idPrefix}-${++this.#tradeSeq}`,
      time,
      quantity,
      price,
      basePrice: base,
      liquidity: taker ? 'taker' : 'maker',
      feeRate: taker ? takerFee : makerFee,
    });
    this.#cap.use(bar, quantity);
    const signed = s.side === Side.Buy ? quantity : -quantity;
    const next = roundToIncrement(position + signed, stepSize, 'nearest');
    this.#positions.set(s.symbol, next);
    w.state = states.filledState(s, quantity, price, stepSize, time);
    events.push({ type: 'fill', fill }, { type: 'order', order: w.state });
    // Like Binance: once the position is closed (or flipped), reduce-only orders cannot work.
    if (sideOf(next) !== sideOf(position)) this.#cancelReduceOnly(s.symbol, time, events);
  }

  #cancel(w: WorkingOrder, time: EpochMs, events: VenueEvent[]): void {
    w.state = states.canceledState(w.state, time);
    events.push({ type: 'order', order: w.state });
  }

  /** The working orders, after dropping those that finished since the last look. */
  #live(): Set<WorkingOrder> {
    for (const w of this.#working) if (!states.isWorking(w.state)) this.#working.delete(w);
    return this.#working;
  }

  #cancelReduceOnly(symbol: string, time: EpochMs, events: VenueEvent[]): void {
    for (const w of this.#live()) {
      const s = w.state;
      if (s.symbol === symbol && s.reduceOnly === true && states.isWorking(s)) this.#cancel(w, time, events);
    }
  }
}
