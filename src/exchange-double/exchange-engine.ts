import { type ClientOrderId, epochMs, type InstrumentSpec, OrderStatus } from '../core/index.js';
import { DEFAULT_SLIPPAGE, SimVenue } from '../execution/index.js';
import { Portfolio } from '../portfolio/index.js';
import { type AlgoRecord, type BinanceSide, isOpenStatus, type OrderRecord } from './account-records.js';
import { binanceErrors } from './binance-error.js';
import { rejectionToBinanceError } from './binance-rejection.js';
import type { EngineOptions, MarketEvent, UserEvent } from './exchange-double.types.js';
import { FundingSchedule, type Settlement } from './funding-schedule.js';
import { NMR_INSTRUMENT } from './instrument.js';
import { MarketReplay } from './market-replay.js';
import { checkOrderSteps, openOrderMargin, checkMargin } from './order-checks.js';
import { AccountLedger, type OrderLookup } from './account-ledger.js';
import { SyntheticBook } from './synthetic-book.js';
import { syntheticTrades } from './synthetic-trades.js';

export interface PlaceOrder {
  readonly side: BinanceSide;
  readonly type: 'MARKET' | 'LIMIT';
  readonly quantity: number;
  readonly price?: number | undefined;
  readonly timeInForce: 'GTC' | 'GTX';
  readonly reduceOnly: boolean;
  readonly clientOrderId: string;
}

export interface PlaceAlgo {
  readonly side: BinanceSide;
  /** Required unless `closePosition`. */
  readonly quantity: number | undefined;
  readonly triggerPrice: number;
  readonly reduceOnly: boolean;
  readonly closePosition: boolean;
  readonly clientAlgoId: string;
  readonly workingType: string;
}

/**
 * The double's matching engine: one account on one symbol. Fills, fees, slippage and filters are
 * SimVenue's; positions, margin, funding and liquidation are Portfolio's. This class only keeps
 * Binance's ids and statuses around them, drives the replay, and reports what happened as events.
 */
export class ExchangeEngine {
  readonly instrument: InstrumentSpec;
  readonly replay: MarketReplay;
  readonly portfolio: Portfolio;
  readonly venue: SimVenue;
  readonly funding: FundingSchedule;
  readonly book: SyntheticBook;
  marginType: 'ISOLATED' | 'CROSSED' = 'CROSSED';
  #leverage: number;
  readonly ledger: AccountLedger;
  readonly #userListeners = new Set<(e: UserEvent) => void>();
  readonly #marketListeners = new Set<(e: MarketEvent) => void>();
  #clock: () => number;
  #marketTradeSeq = 300_000;

  constructor(options: EngineOptions) {
    this.instrument = options.instrument ?? NMR_INSTRUMENT;
    this.replay = new MarketReplay(options.series, options.startIndex ?? 0);
    this.portfolio = new Portfolio({
      initialBalance: options.initialBalance ?? 10_000,
      instruments: [this.instrument],
    });
    this.venue = new SimVenue({
      instrument: this.instrument,
      slippage: options.slippage ?? DEFAULT_SLIPPAGE,
      maxBarVolumeFraction: options.maxBarVolumeFraction ?? 1,
      idPrefix: 'double',
    });
    const series = options.series;
    this.funding = new FundingSchedule(options.funding, series.time(0), series.closeTime(series.length - 1));
    this.funding.skipTo(this.replay.boundaryTime);
    this.#leverage = options.defaultLeverage ?? 20;
    this.#clock = () => this.replay.boundaryTime;
    this.ledger = new AccountLedger(this.portfolio, (e) => this.#emitUser(e));
    this.portfolio.markToMarket(this.instrument.symbol, this.replay.lastPrice);
    this.book = new SyntheticBook(this.instrument.tickSize, this.instrument.stepSize);
    this.book.rebuild(this.replay.lastPrice, this.replay.lastVolume);
  }

  /** Replay time, epoch ms: a bar boundary in manual mode, between boundaries when replayed in time. */
  now(): number {
    return this.#clock();
  }

  /** Lets the replay driver supply the time between boundaries. */
  setClock(clock: () => number): void {
    this.#clock = clock;
  }

  get leverage(): number {
    return this.#leverage;
  }

  get positionUpdateTime(): number {
    return this.ledger.positionUpdateTime;
  }

  onUser(listener: (e: UserEvent) => void): () => void {
    this.#userListeners.add(listener);
    return () => this.#userListeners.delete(listener);
  }

  onMarket(listener: (e: MarketEvent) => void): () => void {
    this.#marketListeners.add(listener);
    return () => this.#marketListeners.delete(listener);
  }

  setLeverage(leverage: number): void {
    const max = Math.max(...this.instrument.marginTiers.map((t) => t.maxLeverage));
    if (!(Number.isInteger(leverage) && leverage >= 1 && leverage <= max))
      throw binanceErrors.invalidLeverage(String(leverage));
    this.#leverage = leverage;
  }

  setMarginType(type: 'ISOLATED' | 'CROSSED'): void {
    if (type === this.marginType) throw binanceErrors.noNeedToChangeMarginType();
    if (this.portfolio.position(this.instrument.symbol) !== undefined)
      throw binanceErrors.marginTypeWithPosition();
    this.marginType = type;
  }

  placeOrder(p: PlaceOrder): OrderRecord {
    const now = this.now();
    const last = this.replay.lastPrice;
    if (this.ledger.orders().some((o) => o.clientOrderId === p.clientOrderId && isOpenStatus(o.status)))
      throw binanceErrors.duplicateClientId();
    checkOrderSteps(this.instrument, p.quantity, p.price);
    if (p.type === 'LIMIT' && p.timeInForce === 'GTX' && p.price !== undefined) {
      const crosses = p.side === 'BUY' ? p.price >= last : p.price <= last;
      if (crosses) throw binanceErrors.postOnly();
    }
    if (!p.reduceOnly) this.#checkMargin(p.side, p.quantity, p.price ?? last);
    const orderId = this.ledger.nextOrderId();
    const internalId = `o${orderId}` as ClientOrderId;
    const state = this.venue.submit(
      {
        clientOrderId: internalId,
        symbol: this.instrument.symbol,
        side: p.side === 'BUY' ? 'buy' : 'sell',
        type: p.type === 'MARKET' ? 'market' : 'limit',
        quantity: p.quantity,
        price: p.price,
        reduceOnly: p.reduceOnly,
      },
      epochMs(now),
      last,
    );
    if (state.status === OrderStatus.Rejected)
      throw rejectionToBinanceError(state.rejectReason, this.instrument.minNotional);
    const order: OrderRecord = {
      orderId,
      clientOrderId: p.clientOrderId,
      internalId,
      type: p.type,
      origType: p.type,
      side: p.side,
      timeInForce: p.timeInForce,
      reduceOnly: p.reduceOnly,
      closePosition: false,
      price: state.price ?? 0,
      stopPrice: 0,
      origQty: state.quantity,
      leverage: this.#leverage,
      time: now,
      status: 'NEW',
      executedQty: 0,
      cumQuote: 0,
      updateTime: now,
    };
    this.ledger.addOrder(order);
    this.#emitUser({ type: 'order', order, execution: 'NEW', time: now });
    // A market order fills at once at the forming bar's open, the only price of it known so far: the
    // backtest's "decided at a close, filled at the next open", with that bar's volume cap.
    if (p.type === 'MARKET') {
      const bar = this.replay.series.at(this.replay.formingIndex);
      this.ledger.applyVenueEvents(this.venue.onBarOpen(bar, epochMs(Math.max(now, bar.openTime))));
    }
    return order;
  }

  placeAlgo(p: PlaceAlgo): AlgoRecord {
    const now = this.now();
    if (this.ledger.algos().some((a) => a.clientAlgoId === p.clientAlgoId && a.algoStatus === 'NEW'))
      throw binanceErrors.duplicateClientId();
    const position = this.portfolio.position(this.instrument.symbol)?.quantity ?? 0;
    const quantity = p.closePosition ? Math.abs(position) : p.quantity;
    if (quantity === undefined) throw binanceErrors.mandatory('quantity');
    if (quantity === 0) throw binanceErrors.reduceOnlyRejected();
    checkOrderSteps(this.instrument, quantity, p.triggerPrice);
    const reduceOnly = p.reduceOnly || p.closePosition;
    if (!reduceOnly) this.#checkMargin(p.side, quantity, p.triggerPrice);
    const algoId = this.ledger.nextAlgoId();
    const internalId = `a${algoId}` as ClientOrderId;
    const state = this.venue.submit(
      {
        clientOrderId: internalId,
        symbol: this.instrument.symbol,
        side: p.side === 'BUY' ? 'buy' : 'sell',
        type: 'stop_market',
        quantity,
        triggerPrice: p.triggerPrice,
        reduceOnly,
      },
      epochMs(now),
      this.replay.lastPrice,
    );
    if (state.status === OrderStatus.Rejected)
      throw rejectionToBinanceError(state.rejectReason, this.instrument.minNotional);
    const algo: AlgoRecord = {
      algoId,
      clientAlgoId: p.clientAlgoId,
      internalId,
      orderType: 'STOP_MARKET',
      side: p.side,
      quantity: state.quantity,
      triggerPrice: state.triggerPrice ?? p.triggerPrice,
      reduceOnly,
      closePosition: p.closePosition,
      workingType: p.workingType,
      leverage: this.#leverage,
      createTime: now,
      algoStatus: 'NEW',
      updateTime: now,
      triggerTime: 0,
      actualOrderId: undefined,
    };
    this.ledger.addAlgo(algo);
    this.#emitUser({ type: 'algo', algo, time: now });
    return algo;
  }

  cancelOrder(lookup: OrderLookup): OrderRecord {
    const order = this.ledger.findOrder(lookup);
    if (!order || !isOpenStatus(order.status)) throw binanceErrors.unknownOrder();
    const now = this.now();
    this.venue.cancel(order.internalId, epochMs(now));
    order.status = 'CANCELED';
    order.updateTime = now;
    this.#emitUser({ type: 'order', order, execution: 'CANCELED', time: now });
    return order;
  }

  cancelAlgo(lookup: OrderLookup): AlgoRecord {
    const algo = this.ledger.findAlgo(lookup);
    if (!algo || algo.algoStatus !== 'NEW') throw binanceErrors.unknownOrder();
    const now = this.now();
    this.venue.cancel(algo.internalId, epochMs(now));
    algo.algoStatus = 'CANCELED';
    algo.updateTime = now;
    this.#emitUser({ type: 'algo', algo, time: now });
    return algo;
  }

  /** Initial margin held by open orders that may open or grow the position. */
  openOrderMargin(): number {
    return openOrderMargin(this.ledger.orders(), this.replay.lastPrice);
  }

  /**
   * Closes the forming bar and opens the next, in the backtest's order (run-backtest.ts): funding due
   * inside the bar, then the bar's intrabar path (stops, limits, liquidation), then funding due by the
   * next open, then the next open (remainders of capped or triggered orders fill there).
   * Returns false at the end of the series.
   */
  advance(): boolean {
    const replay = this.replay;
    if (replay.nextBoundaryTime === undefined) return false;
    const i = replay.formingIndex;
    const closed = replay.series.at(i);
    const closeTime = replay.series.closeTime(i);
    const symbol = this.instrument.symbol;
    for (const s of this.funding.due(closeTime, false)) this.#settle(s, closed.open);
    const held = this.portfolio.position(symbol);
    this.ledger.applyVenueEvents(
      this.venue.onBarClose(closed, closeTime, {
        liquidationPrice: this.portfolio.liquidationPrice(symbol),
        positionSide: held === undefined ? undefined : held.quantity > 0 ? 'long' : 'short',
      }),
    );
    this.portfolio.markToMarket(symbol, closed.close);
    for (const t of syntheticTrades(closed, closeTime, this.instrument.stepSize))
      this.#emitMarket({ type: 'trade', id: ++this.#marketTradeSeq, ...t });
    const opened = replay.step()?.opened;
    if (opened === undefined) return false;
    this.#emitMarket({ type: 'kline', index: i, closed: true, time: closeTime });
    for (const s of this.funding.due(opened.openTime)) this.#settle(s, closed.close);
    this.ledger.applyVenueEvents(this.venue.onBarOpen(opened, opened.openTime));
    this.portfolio.markToMarket(symbol, opened.open);
    const time = opened.openTime;
    this.#emitMarket({ type: 'kline', index: i + 1, closed: false, time });
    this.#emitMarket({ type: 'book', ...this.book.rebuild(opened.open, closed.volume), time });
    this.#emitMarket({ type: 'mark', time });
    return true;
  }

  #checkMargin(side: BinanceSide, quantity: number, price: number): void {
    const position = this.portfolio.position(this.instrument.symbol)?.quantity ?? 0;
    checkMargin({
      position,
      signed: side === 'BUY' ? quantity : -quantity,
      price,
      leverage: this.#leverage,
      available: this.portfolio.availableBalance() - this.openOrderMargin(),
      tiers: this.instrument.marginTiers,
    });
  }

  #settle(s: Settlement, lastClose: number): void {
    const cash = this.portfolio.settleFunding(
      this.instrument.symbol,
      epochMs(s.time),
      s.rate,
      s.markPrice ?? lastClose,
    );
    if (cash === undefined) return;
    this.ledger.addIncome('FUNDING_FEE', cash, s.time, '');
    this.#emitUser({ type: 'account', reason: 'FUNDING_FEE', time: s.time });
  }

  #emitUser(e: UserEvent): void {
    for (const l of this.#userListeners) l(e);
  }

  #emitMarket(e: MarketEvent): void {
    for (const l of this.#marketListeners) l(e);
  }
}
