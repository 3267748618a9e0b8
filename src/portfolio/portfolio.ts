import { InvariantError, type EpochMs, type Fill, type InstrumentSpec } from '../core/index.js';
import { isolatedLiquidationPrice, validateTiers } from './liquidation.js';
import { applyFillToPosition, assertValidFill, forcedClose } from './position-math.js';
import type {
  FillEffect,
  LiquidationResult,
  PortfolioOptions,
  PortfolioSnapshot,
  Position,
} from './portfolio.types.js';

function assertPrice(what: string, price: number): void {
  if (!Number.isFinite(price) || price <= 0)
    throw new InvariantError(`${what} must be finite and > 0, got ${price}`);
}

/**
 * Accounting for a USDT-M account trading in isolated margin, one-way mode: one position per
 * symbol. Pure and event-driven (no clock, no I/O), so backtest and live share it.
 *
 * Wallet balance = initial balance + realised PnL − fees ± funding. Isolated margins are part
 * of the wallet, so `availableBalance = wallet − marginUsed`. Unrealised PnL is valued at the
 * last mark given to {@link markToMarket}; a symbol with no mark yet counts as 0.
 */
export class Portfolio {
  readonly #instruments = new Map<string, InstrumentSpec>();
  readonly #positions = new Map<string, Position>();
  readonly #marks = new Map<string, number>();
  /** The open positions in the map's order, rebuilt on every change: sums per bar need no Map iterator. */
  #open: readonly Position[] = [];
  /** The last position asked for its liquidation price, and that price (the per-bar lookup). */
  #lpOf: Position | undefined;
  #lp: number | undefined;
  /** Applied fills, keyed `symbol:tradeId` (Binance trade ids are unique per symbol). */
  readonly #applied = new Set<string>();
  #wallet: number;

  constructor(options: PortfolioOptions) {
    if (!Number.isFinite(options.initialBalance)) {
      throw new InvariantError(`initial balance must be finite, got ${options.initialBalance}`);
    }
    for (const spec of options.instruments) {
      if (this.#instruments.has(spec.symbol))
        throw new InvariantError(`instrument ${spec.symbol} given twice`);
      validateTiers(spec.marginTiers);
      if (!(spec.liquidationFeeRate >= 0 && spec.liquidationFeeRate < 1)) {
        throw new InvariantError(
          `${spec.symbol}: liquidationFeeRate ${spec.liquidationFeeRate} not in [0, 1)`,
        );
      }
      this.#instruments.set(spec.symbol, spec);
    }
    this.#wallet = options.initialBalance;
  }

  /** Initial balance + realised PnL − fees ± funding, USDT. */
  get walletBalance(): number {
    return this.#wallet;
  }

  /**
   * Applies one execution. Idempotent by trade id: a repeated id changes nothing and returns
   * `duplicate: true`. The fee is always taken from the wallet (positive = paid); realised PnL
   * is paid into it. `leverage` sizes the margin of the opening part of the fill.
   */
  applyFill(fill: Fill, leverage: number): FillEffect {
    this.#instrument(fill.symbol);
    assertValidFill(fill, leverage);
    const key = `${fill.symbol}:${fill.tradeId}`;
    const current = this.#positions.get(fill.symbol);
    if (this.#applied.has(key)) {
      const none = { realisedPnl: 0, closedQuantity: 0, openedQuantity: 0, closedPosition: undefined };
      return { duplicate: true, ...none, positionAfter: current };
    }
    this.#applied.add(key);
    const outcome = applyFillToPosition(current, fill, leverage);
    this.#wallet += outcome.realisedPnl - fill.fee;
    this.#setPosition(fill.symbol, outcome.positionAfter);
    return { duplicate: false, ...outcome };
  }

  /**
   * Settles one funding event at `time`, whatever the symbol's interval (4 h, 8 h, ...): the
   * position held now pays or receives |qty| · markPrice · rate (positive rate: longs pay).
   * A position opened after `time` owes nothing; settle events in time order, before fills
   * that come after them. Like Binance, the flow also moves the isolated margin (and with it
   * the liquidation price); a payment larger than the margin, which only a rate above about
   * 1/leverage could cause, empties the margin and takes the rest from the free balance.
   * `markPrice` prices the payment only; it does not replace the mark set by markToMarket.
   *
   * @returns the signed cash flow (negative = paid), or undefined when no position was open.
   */
  settleFunding(symbol: string, time: EpochMs, rate: number, markPrice: number): number | undefined {
    this.#instrument(symbol);
    if (!Number.isInteger(time)) throw new InvariantError(`funding time must be epoch ms, got ${time}`);
    if (!Number.isFinite(rate)) throw new InvariantError(`funding rate must be finite, got ${rate}`);
    assertPrice('funding mark price', markPrice);
    const p = this.#positions.get(symbol);
    if (p === undefined || p.openedAt > time) return undefined;
    // Signed quantity: a long (q > 0) pays on a positive rate. `|| 0` turns −0 into 0.
    const cash = -p.quantity * markPrice * rate || 0;
    this.#wallet += cash;
    this.#setPosition(symbol, {
      ...p,
      isolatedMargin: Math.max(0, p.isolatedMargin + cash),
      fundingPaid: p.fundingPaid - cash,
    });
    return cash;
  }

  /** Records the latest mark price of `symbol`, used for unrealised PnL and equity. */
  markToMarket(symbol: string, markPrice: number): void {
    this.#instrument(symbol);
    assertPrice(`${symbol} mark price`, markPrice);
    this.#marks.set(symbol, markPrice);
  }

  /** Unrealised PnL on the last mark: of one symbol, or of all positions when omitted. */
  unrealisedPnl(symbol?: string): number {
    if (symbol !== undefined) {
      const p = this.#positions.get(symbol);
      const mark = this.#marks.get(symbol);
      return p === undefined || mark === undefined ? 0 : p.quantity * (mark - p.entryPrice);
    }
    // Indexed loops: these run twice a bar, and a for-of iterator object per call shows up in GC.
    let total = 0;
    const open = this.#open;
    for (let i = 0; i < open.length; i++) {
      const p = open[i] as Position;
      const mark = this.#marks.get(p.symbol);
      total += mark === undefined ? 0 : p.quantity * (mark - p.entryPrice);
    }
    return total;
  }

  equity(): number {
    return this.#wallet + this.unrealisedPnl();
  }

  /** Sum of the isolated margins of all open positions. */
  marginUsed(): number {
    let total = 0;
    const open = this.#open;
    for (let i = 0; i < open.length; i++) total += (open[i] as Position).isolatedMargin;
    return total;
  }

  /** Wallet minus isolated margins; may be negative, the risk gate decides what that means. */
  availableBalance(): number {
    return this.#wallet - this.marginUsed();
  }

  /** Frozen snapshot of the open position, or undefined when flat. */
  position(symbol: string): Position | undefined {
    return this.#positions.get(symbol);
  }

  positions(): readonly Position[] {
    return [...this.#positions.values()];
  }

  /** Liquidation price from the current isolated margin (funding moves it); undefined if none. */
  liquidationPrice(symbol: string): number | undefined {
    const p = this.#positions.get(symbol);
    if (p === undefined) return undefined;
    // Positions are immutable snapshots replaced on every change, so the price can be kept per snapshot.
    if (p === this.#lpOf) return this.#lp;
    const lp = this.#computeLp(symbol, p);
    this.#lpOf = p;
    this.#lp = lp;
    return lp;
  }

  #computeLp(symbol: string, p: Position): number | undefined {
    return isolatedLiquidationPrice({
      side: p.quantity > 0 ? 'long' : 'short',
      quantity: Math.abs(p.quantity),
      entryPrice: p.entryPrice,
      isolatedMargin: p.isolatedMargin,
      tiers: this.#instrument(symbol).marginTiers,
    });
  }

  /**
   * Closes the whole position at its liquidation price: realises the PnL there, then charges
   * liquidationFeeRate · notional at that price, capped at the margin left, so the loss never
   * exceeds the isolated margin. `gapPrice` (at or beyond the liquidation price) closes at a
   * worse price when the mark gapped through it; the loss beyond the margin is the venue's
   * insurance fund's, so the PnL is floored at −margin.
   */
  liquidate(symbol: string, time: EpochMs, gapPrice?: number): LiquidationResult {
    const p = this.#positions.get(symbol);
    if (p === undefined) throw new InvariantError(`cannot liquidate ${symbol}: no open position`);
    const lp = this.liquidationPrice(symbol);
    if (lp === undefined) throw new InvariantError(`cannot liquidate ${symbol}: it has no liquidation price`);
    if (!Number.isInteger(time)) throw new InvariantError(`liquidation time must be epoch ms, got ${time}`);
    const price = gapPrice ?? lp;
    assertPrice('liquidation gap price', price);
    if (Math.sign(p.quantity) * (price - lp) > 0) {
      throw new InvariantError(`${symbol}: gap price ${price} is better than the liquidation price ${lp}`);
    }
    const close = forcedClose(p, price, this.#instrument(symbol).liquidationFeeRate);
    this.#wallet += close.realisedPnl - close.fee;
    this.#setPosition(symbol, undefined);
    return { symbol, time, quantity: p.quantity, price, ...close };
  }

  snapshot(): PortfolioSnapshot {
    const unrealisedPnl = this.unrealisedPnl();
    return Object.freeze({
      wallet: this.#wallet,
      unrealisedPnl,
      equity: this.#wallet + unrealisedPnl,
      marginUsed: this.marginUsed(),
      positions: Object.freeze(this.positions()),
    });
  }

  #instrument(symbol: string): InstrumentSpec {
    const spec = this.#instruments.get(symbol);
    if (spec === undefined) throw new InvariantError(`unknown symbol ${symbol}: no instrument spec`);
    return spec;
  }

  #setPosition(symbol: string, p: Position | undefined): void {
    if (p === undefined) this.#positions.delete(symbol);
    else this.#positions.set(symbol, Object.freeze({ ...p }));
    this.#open = [...this.#positions.values()];
  }
}
