import type { EpochMs, Fill, InstrumentSpec, MarginTier, OrderState } from '../../src/core/index.js';
import type { KernelObserver, TradeRecord } from '../../src/kernel/index.js';
import type { LiquidationResult } from '../../src/portfolio/index.js';
import type { FundingRateEvent } from '../../src/strategy/index.js';

/**
 * An independent account model for engine property tests: it follows the kernel's observer callbacks
 * (fills, funding, liquidations, trades) and recomputes position, average entry, isolated margin and
 * wallet from them with its own arithmetic, positions kept in whole steps (integers). Every check it
 * can make at the moment of a callback is collected in `problems` (the test asserts it is empty);
 * per-bar states are taken with `snapshot()` from the strategy's `onBar`, which runs right after the
 * kernel sampled equity for that bar.
 */

export interface ModelBar {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface ModelState {
  /** Signed position, base units. */
  readonly quantity: number;
  readonly entry: number;
  readonly margin: number;
  readonly wallet: number;
}

interface TradeTally {
  posted: number;
  gross: number;
  funding: number;
}

/** Maintenance margin of a notional: notional x mmr - cum of the tier holding it (floors inclusive). */
export function maintenanceMargin(tiers: readonly MarginTier[], notional: number): number {
  let tier = tiers[0] as MarginTier;
  for (const t of tiers) if (notional >= t.notionalFloor) tier = t;
  return notional * tier.mmr - tier.cum;
}

export class AccountModel implements KernelObserver {
  readonly problems: string[] = [];
  /** Total |notional| traded plus the initial balance: the scale of float tolerances. */
  scale: number;
  /** Bars (by index) with a liquidation. */
  readonly liquidatedBars = new Set<number>();
  /** Bars (by index) with a fill inside the bar (a triggered stop), not at its open. */
  readonly pathFillBars = new Set<number>();
  /** State at the start of each bar's intrabar path (after the fills at its open). */
  readonly pathStart = new Map<number, ModelState>();
  /** Base units filled in each bar (by index), at its open and inside it together. */
  readonly filledPerBar = new Map<number, number>();
  fills = 0;
  /** Funding settlements that moved cash on an open position. */
  fundingSettled = 0;
  /** Order updates that left an order partially filled. */
  partialFills = 0;
  liquidations = 0;
  readonly #step: number;
  /** Steps per base unit (10 for a 0.1 step): positions are whole steps, quantities steps / this. */
  readonly #perUnit: number;
  readonly #orders = new Map<string, OrderState>();
  #qSteps = 0;
  #entry = 0;
  #margin = 0;
  #realised = 0;
  #fees = 0;
  #funding = 0;
  #trade: TradeTally | undefined;
  readonly #closedTrades: TradeTally[] = [];

  constructor(
    readonly initialBalance: number,
    readonly instrument: InstrumentSpec,
    /** Leverage of the orders the strategy submits directly (the spec's leverage). */
    readonly defaultLeverage: number,
    readonly bars: readonly ModelBar[],
    readonly t0: number,
    readonly barMs: number,
  ) {
    this.#step = instrument.stepSize;
    this.#perUnit = Math.round(1 / instrument.stepSize);
    this.scale = initialBalance;
  }

  /** Signed position in base units. */
  get quantity(): number {
    return this.#qSteps / this.#perUnit;
  }

  state(): ModelState {
    return {
      quantity: this.quantity,
      entry: this.#entry,
      margin: this.#margin,
      wallet: this.initialBalance + this.#realised - this.#fees + this.#funding,
    };
  }

  /** Called from the strategy's onBar of bar `i`: the state the equity curve row `i` must show. */
  snapshot(i: number): ModelState {
    if (!this.pathStart.has(i)) this.pathStart.set(i, this.state());
    return this.state();
  }

  #barOf(time: number): number {
    return Math.floor((time - this.t0) / this.barMs);
  }

  #problem(message: string): void {
    if (this.problems.length < 20) this.problems.push(message);
  }

  #close(a: number, b: number, what: string, tol = 1e-9 * this.scale): void {
    if (!(Math.abs(a - b) <= tol)) this.#problem(`${what}: engine ${a} vs model ${b}`);
  }

  #steps(quantity: number, what: string): number {
    const k = quantity / this.#step;
    const n = Math.round(k);
    if (!(Math.abs(k - n) < 1e-6) || n <= 0)
      this.#problem(`${what}: quantity ${quantity} is not a whole step`);
    return n;
  }

  onOrder(order: OrderState): void {
    if (order.status === 'partially_filled') this.partialFills++;
    const seen = this.#orders.get(order.clientOrderId);
    if (seen === undefined) {
      this.#orders.set(order.clientOrderId, order);
      if (order.status !== 'rejected') this.#checkAcceptedOrder(order);
    } else if (order.filledQuantity > order.quantity + 1e-9) {
      this.#problem(`${order.clientOrderId}: filled ${order.filledQuantity} > quantity ${order.quantity}`);
    }
  }

  /** Exchange filters on an accepted order: step, min quantity, tick, min notional (not reduce-only). */
  #checkAcceptedOrder(o: OrderState): void {
    const { minQuantity, minNotional, tickSize } = this.instrument;
    this.#steps(o.quantity, `order ${o.clientOrderId}`);
    if (o.quantity < minQuantity) this.#problem(`order ${o.clientOrderId}: quantity below min`);
    for (const p of [o.price, o.triggerPrice]) {
      if (p === undefined) continue;
      const k = p / tickSize;
      if (Math.abs(k - Math.round(k)) > 1e-6) this.#problem(`order ${o.clientOrderId}: price ${p} off tick`);
    }
    if (o.reduceOnly === true) return;
    // Market orders are valued at the last price the kernel knew: the open of the bar they were sent in.
    const bar = this.bars[this.#barOf(o.createdAt)];
    const valuation = o.type === 'limit' ? o.price : o.type === 'stop_market' ? o.triggerPrice : bar?.open;
    if (valuation === undefined || o.quantity * valuation < minNotional - 1e-9) {
      this.#problem(`order ${o.clientOrderId}: notional ${o.quantity} x ${valuation} below ${minNotional}`);
    }
  }

  onFill(f: Fill): void {
    this.fills++;
    const i = this.#barOf(f.time);
    const bar = this.bars[i];
    const order = this.#orders.get(f.clientOrderId);
    if (!bar || !order) {
      this.#problem(`fill ${f.tradeId} at ${f.time}: no bar or no order`);
      return;
    }
    const n = this.#steps(f.quantity, `fill ${f.tradeId}`);
    const atOpen = f.time === bar.openTime;
    if (!atOpen && f.time !== bar.openTime + this.barMs - 1)
      this.#problem(`fill ${f.tradeId}: time ${f.time} neither the bar's open nor its close - 1`);
    if (!atOpen) {
      this.pathFillBars.add(i);
      if (!this.pathStart.has(i)) this.pathStart.set(i, this.state());
    }
    // Volume cap: all fills of a bar together stay within fraction x bar volume (checked by the test).
    this.filledPerBar.set(i, (this.filledPerBar.get(i) ?? 0) + n / this.#perUnit);

    // Base price: the open for market orders (and triggered stops' remainders); inside the bar, a stop
    // fills at its trigger, or at the open when the bar opened beyond it.
    let base = bar.open;
    if (!atOpen) {
      const trig = order.triggerPrice ?? NaN;
      const reached = f.side === 'sell' ? bar.low <= trig : bar.high >= trig;
      if (order.type !== 'stop_market' || !reached)
        this.#problem(`fill ${f.tradeId}: intrabar without a reached stop`);
      base = f.side === 'sell' ? Math.min(bar.open, trig) : Math.max(bar.open, trig);
    }
    const worse = f.side === 'buy' ? f.price >= base : f.price <= base;
    if (!worse) this.#problem(`fill ${f.tradeId}: ${f.side} at ${f.price} better than the base ${base}`);
    this.#close(
      f.slippageCost,
      Math.abs(f.price - base) * f.quantity,
      `fill ${f.tradeId} slippage cost`,
      1e-9 * base * f.quantity + 1e-12,
    );
    this.#close(
      f.fee,
      f.price * f.quantity * this.instrument.takerFee,
      `fill ${f.tradeId} fee`,
      1e-12 * base * f.quantity + 1e-12,
    );
    if (!f.reduceOnly && f.quantity === order.quantity) {
      // An order filled in one piece: its notional at the base price meets the minimum.
      if (f.quantity * base < this.instrument.minNotional - 1e-9)
        this.#problem(`fill ${f.tradeId}: notional ${f.quantity * base} below min`);
    }

    const signed = f.side === 'buy' ? n : -n;
    const q = this.#qSteps;
    if (f.reduceOnly && !(q !== 0 && Math.sign(q) !== Math.sign(signed) && n <= Math.abs(q)))
      this.#problem(`fill ${f.tradeId}: reduce-only ${f.side} ${n} steps against position ${q} steps`);
    const leverage = leverageOf(f.tag) ?? this.defaultLeverage;
    const qty = n / this.#perUnit;
    this.scale += f.price * qty;
    this.#fees += f.fee;
    if (q === 0 || Math.sign(q) === Math.sign(signed)) {
      const size = Math.abs(q) / this.#perUnit;
      this.#entry = (size * this.#entry + qty * f.price) / (size + qty);
      this.#margin += (qty * f.price) / leverage;
      this.#qSteps = q + signed;
      this.#trade ??= { posted: 0, gross: 0, funding: 0 };
      this.#trade.posted += (qty * f.price) / leverage;
      return;
    }
    const dir = Math.sign(q);
    const closedSteps = Math.min(n, Math.abs(q));
    const pnl = (closedSteps / this.#perUnit) * (f.price - this.#entry) * dir;
    this.#realised += pnl;
    if (this.#trade) this.#trade.gross += pnl;
    if (n < Math.abs(q)) {
      this.#margin *= 1 - closedSteps / Math.abs(q);
      this.#qSteps = q + signed;
      return;
    }
    if (this.#trade) this.#closedTrades.push(this.#trade);
    const rest = n - Math.abs(q);
    this.#qSteps = -dir * rest;
    this.#entry = rest > 0 ? f.price : 0;
    this.#margin = ((rest / this.#perUnit) * f.price) / leverage;
    this.#trade = rest > 0 ? { posted: this.#margin, gross: 0, funding: 0 } : undefined;
  }

  onFunding(e: FundingRateEvent, cashflow: number | undefined): void {
    // Settlements on the hour are priced at the close of the bar that closed then.
    const closed = this.bars[this.#barOf(e.time) - 1];
    if (e.time % this.barMs === 0 && closed && e.markPrice !== closed.close)
      this.#problem(`funding at ${e.time}: mark ${e.markPrice}, the last close was ${closed.close}`);
    if (this.#qSteps === 0) {
      if (cashflow !== undefined) this.#problem(`funding at ${e.time}: cash ${cashflow} while flat`);
      return;
    }
    const expected = -this.quantity * e.markPrice * e.rate;
    if (cashflow === undefined) {
      this.#problem(`funding at ${e.time}: nothing settled on an open position`);
      return;
    }
    this.#close(
      cashflow,
      expected,
      `funding at ${e.time}`,
      1e-12 * Math.abs(this.quantity * e.markPrice) + 1e-15,
    );
    this.#funding += cashflow;
    if (cashflow !== 0) this.fundingSettled++;
    this.#margin = Math.max(0, this.#margin + cashflow);
    if (this.#trade) this.#trade.funding += cashflow;
  }

  onLiquidation(_symbol: string, time: EpochMs, r: LiquidationResult): void {
    this.liquidations++;
    const i = this.#barOf(time);
    this.liquidatedBars.add(i);
    if (!this.pathStart.has(i)) this.pathStart.set(i, this.state());
    const q = this.quantity;
    if (q === 0) {
      this.#problem(`liquidation at ${time} while flat`);
      return;
    }
    this.#close(r.quantity, q, `liquidated quantity at ${time}`, 1e-9);
    const lp = r.price;
    const tiers = this.instrument.marginTiers;
    const notional = Math.abs(q) * lp;
    // The liquidation price is where the margin balance equals the maintenance margin.
    this.#close(
      this.#margin + q * (lp - this.#entry),
      maintenanceMargin(tiers, notional),
      `margin balance at the liquidation price ${lp} (time ${time})`,
      1e-7 * notional + 1e-9,
    );
    const bar = this.bars[i];
    if (!bar || (q > 0 ? bar.low > lp * (1 + 1e-12) : bar.high < lp * (1 - 1e-12)))
      this.#problem(`liquidation at ${time}: the bar never reached ${lp}`);
    const pnl = Math.max(q * (lp - this.#entry), -this.#margin);
    const fee = Math.min(this.instrument.liquidationFeeRate * notional, this.#margin + pnl);
    this.#close(r.realisedPnl, pnl, `liquidation PnL at ${time}`, 1e-9 * notional);
    this.#close(r.fee, fee, `liquidation fee at ${time}`, 1e-9 * notional);
    if (-pnl + fee > this.#margin * (1 + 1e-9) + 1e-9)
      this.#problem(`liquidation at ${time}: loss ${-pnl + fee} exceeds the margin ${this.#margin}`);
    this.#realised += pnl;
    this.#fees += fee;
    if (this.#trade) {
      this.#trade.gross += pnl;
      this.#closedTrades.push(this.#trade);
    }
    this.#trade = undefined;
    this.#qSteps = 0;
    this.#entry = 0;
    this.#margin = 0;
  }

  onTrade(t: TradeRecord): void {
    const mine = this.#closedTrades.shift();
    if (!mine) {
      this.#problem(`trade ${t.id}: the model closed no trade`);
      return;
    }
    this.#close(t.grossPnl, mine.gross, `trade ${t.id} gross PnL`);
    this.#close(t.funding, mine.funding, `trade ${t.id} funding`);
    if (t.liquidated && -(t.grossPnl + t.funding) > mine.posted * (1 + 1e-9) + 1e-9) {
      this.#problem(
        `liquidated trade ${t.id}: loss before fees ${-(t.grossPnl + t.funding)} exceeds the margin posted ${mine.posted}`,
      );
    }
  }
}

/** Target orders of the property strategy carry their leverage in the tag: `t3` = 3x. */
export function leverageOf(tag: string | undefined): number | undefined {
  const m = /^t(\d+)$/.exec(tag ?? '');
  return m ? Number(m[1]) : undefined;
}
