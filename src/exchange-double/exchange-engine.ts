import {
  type ClientOrderId,
  type EpochMs,
  epochMs,
  type InstrumentSpec,
  OrderStatus,
} from '../core/index.js';
import { DEFAULT_SLIPPAGE, SimVenue, type VenueEvent } from '../execution/index.js';
import { Portfolio } from '../portfolio/index.js';
import {
  type AlgoRecord,
  type BinanceSide,
  type IncomeRecord,
  isOpenStatus,
  type OrderRecord,
  type TradeRecord,
} from './account-records.js';
import { binanceErrors } from './binance-error.js';
import { rejectionToBinanceError } from './binance-rejection.js';
import type { EngineOptions, MarketEvent, UserEvent } from './exchange-double.types.js';
import { FundingSchedule, type Settlement } from './funding-schedule.js';
import { NMR_INSTRUMENT } from './instrument.js';
import { MarketReplay } from './market-replay.js';
import { checkOrderSteps, openOrderMargin, checkMargin } from './order-checks.js';
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

/** An order named by Binance id or client id (the latest order with that client id). */
export interface OrderLookup {
  readonly id?: number | undefined;
  readonly clientId?: string | undefined;
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
  readonly #orders: OrderRecord[] = [];
  readonly #algos: AlgoRecord[] = [];
  readonly #byInternal = new Map<ClientOrderId, OrderRecord | AlgoRecord>();
  readonly #trades: TradeRecord[] = [];
  readonly #income: IncomeRecord[] = [];
  readonly #userListeners = new Set<(e: UserEvent) => void>();
  readonly #marketListeners = new Set<(e: MarketEvent) => void>();
  #clock: () => number;
  #orderSeq = 1_000_000;
  #algoSeq = 5_000_000;
  #tradeSeq = 700_000;
  #incomeSeq = 900_000;
  #marketTradeSeq = 300_000;
  #positionUpdateTime = 0;

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
    return this.#positionUpdateTime;
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
    if (this.#orders.some((o) => o.clientOrderId === p.clientOrderId && isOpenStatus(o.status)))
      throw binanceErrors.duplicateClientId();
    checkOrderSteps(this.instrument, p.quantity, p.price);
    if (p.type === 'LIMIT' && p.timeInForce === 'GTX' && p.price !== undefined) {
      const crosses = p.side === 'BUY' ? p.price >= last : p.price <= last;
      if (crosses) throw binanceErrors.postOnly();
    }
    if (!p.reduceOnly) this.#checkMargin(p.side, p.quantity, p.price ?? last);
    const orderId = ++this.#orderSeq;
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
    this.#orders.push(order);
    this.#byInternal.set(internalId, order);
    this.#emitUser({ type: 'order', order, execution: 'NEW', time: now });
    return order;
  }

  placeAlgo(p: PlaceAlgo): AlgoRecord {
    const now = this.now();
    if (this.#algos.some((a) => a.clientAlgoId === p.clientAlgoId && a.algoStatus === 'NEW'))
      throw binanceErrors.duplicateClientId();
    const position = this.portfolio.position(this.instrument.symbol)?.quantity ?? 0;
    const quantity = p.closePosition ? Math.abs(position) : p.quantity;
    if (quantity === undefined) throw binanceErrors.mandatory('quantity');
    if (quantity === 0) throw binanceErrors.reduceOnlyRejected();
    checkOrderSteps(this.instrument, quantity, p.triggerPrice);
    const reduceOnly = p.reduceOnly || p.closePosition;
    if (!reduceOnly) this.#checkMargin(p.side, quantity, p.triggerPrice);
    const algoId = ++this.#algoSeq;
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
    this.#algos.push(algo);
    this.#byInternal.set(internalId, algo);
    this.#emitUser({ type: 'algo', algo, time: now });
    return algo;
  }

  findOrder(lookup: OrderLookup): OrderRecord | undefined {
    if (lookup.id !== undefined) return this.#orders.find((o) => o.orderId === lookup.id);
    if (lookup.clientId !== undefined)
      return this.#orders.findLast((o) => o.clientOrderId === lookup.clientId);
    return undefined;
  }

  findAlgo(lookup: OrderLookup): AlgoRecord | undefined {
    if (lookup.id !== undefined) return this.#algos.find((a) => a.algoId === lookup.id);
    if (lookup.clientId !== undefined) return this.#algos.findLast((a) => a.clientAlgoId === lookup.clientId);
    return undefined;
  }

  cancelOrder(lookup: OrderLookup): OrderRecord {
    const order = this.findOrder(lookup);
    if (!order || !isOpenStatus(order.status)) throw binanceErrors.unknownOrder();
    const now = this.now();
    this.venue.cancel(order.internalId, epochMs(now));
    order.status = 'CANCELED';
    order.updateTime = now;
    this.#emitUser({ type: 'order', order, execution: 'CANCELED', time: now });
    return order;
  }

  cancelAlgo(lookup: OrderLookup): AlgoRecord {
    const algo = this.findAlgo(lookup);
    if (!algo || algo.algoStatus !== 'NEW') throw binanceErrors.unknownOrder();
    const now = this.now();
    this.venue.cancel(algo.internalId, epochMs(now));
    algo.algoStatus = 'CANCELED';
    algo.updateTime = now;
    this.#emitUser({ type: 'algo', algo, time: now });
    return algo;
  }

  orders(): readonly OrderRecord[] {
    return this.#orders;
  }

  algos(): readonly AlgoRecord[] {
    return this.#algos;
  }

  trades(): readonly TradeRecord[] {
    return this.#trades;
  }

  income(): readonly IncomeRecord[] {
    return this.#income;
  }

  /** Initial margin held by open orders that may open or grow the position. */
  openOrderMargin(): number {
    return openOrderMargin(this.#orders, this.replay.lastPrice);
  }

  /**
   * Closes the forming bar (stops, limits and liquidation along its intrabar path), settles the funding
   * due by the next open, then opens the next bar (pending market orders fill at its open).
   * Returns false at the end of the series.
   */
  advance(): boolean {
    const step = this.replay.step();
    if (!step) return false;
    const { closed, closeTime, opened } = step;
    const symbol = this.instrument.symbol;
    const held = this.portfolio.position(symbol);
    this.#applyVenueEvents(
      this.venue.onBarClose(closed, closeTime, {
        liquidationPrice: this.portfolio.liquidationPrice(symbol),
        positionSide: held === undefined ? undefined : held.quantity > 0 ? 'long' : 'short',
      }),
    );
    this.portfolio.markToMarket(symbol, closed.close);
    for (const t of syntheticTrades(closed, closeTime, this.instrument.stepSize))
      this.#emitMarket({ type: 'trade', id: ++this.#marketTradeSeq, ...t });
    this.#emitMarket({ type: 'kline', index: this.replay.formingIndex - 1, closed: true, time: closeTime });
    for (const s of this.funding.due(opened.openTime)) this.#settle(s, closed.close);
    this.#applyVenueEvents(this.venue.onBarOpen(opened, opened.openTime));
    this.portfolio.markToMarket(symbol, opened.open);
    const time = opened.openTime;
    this.#emitMarket({ type: 'kline', index: this.replay.formingIndex, closed: false, time });
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
    this.#addIncome('FUNDING_FEE', cash, s.time, '');
    this.#emitUser({ type: 'account', reason: 'FUNDING_FEE', time: s.time });
  }

  #applyVenueEvents(events: readonly VenueEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'fill') this.#applyFill(ev.fill);
      else if (ev.type === 'order')
        this.#applyOrderState(ev.order.clientOrderId, ev.order.status, ev.order.updatedAt);
      else this.#applyLiquidation(ev.time);
    }
  }

  #applyFill(fill: Extract<VenueEvent, { type: 'fill' }>['fill']): void {
    const record = this.#byInternal.get(fill.clientOrderId);
    if (record === undefined) throw new Error(`double: fill for unknown venue order ${fill.clientOrderId}`);
    const order = 'algoId' in record ? this.#triggeredOrder(record, fill.time) : record;
    const effect = this.portfolio.applyFill(fill, order.leverage);
    const trade: TradeRecord = {
      id: ++this.#tradeSeq,
      orderId: order.orderId,
      side: order.side,
      price: fill.price,
      qty: fill.quantity,
      realizedPnl: effect.realisedPnl,
      commission: fill.fee,
      maker: fill.liquidity === 'maker',
      time: fill.time,
    };
    this.#recordTrade(order, trade);
    if ('algoId' in record && order.status === 'FILLED') {
      record.algoStatus = 'FINISHED';
      record.updateTime = fill.time;
      this.#emitUser({ type: 'algo', algo: record, time: fill.time });
    }
  }

  #recordTrade(order: OrderRecord, trade: TradeRecord): void {
    this.#trades.push(trade);
    order.executedQty = Number((order.executedQty + trade.qty).toPrecision(12));
    order.cumQuote += trade.price * trade.qty;
    order.status = order.executedQty >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = trade.time;
    this.#positionUpdateTime = trade.time;
    if (trade.realizedPnl !== 0)
      this.#addIncome('REALIZED_PNL', trade.realizedPnl, trade.time, String(trade.id));
    this.#addIncome('COMMISSION', -trade.commission, trade.time, String(trade.id));
    this.#emitUser({ type: 'order', order, execution: 'TRADE', trade, time: trade.time });
    this.#emitUser({ type: 'account', reason: 'ORDER', time: trade.time });
  }

  /** The market order a stop became when triggered (created at its first fill). */
  #triggeredOrder(algo: AlgoRecord, time: number): OrderRecord {
    const existing =
      algo.actualOrderId === undefined ? undefined : this.findOrder({ id: algo.actualOrderId });
    if (existing) return existing;
    const order: OrderRecord = {
      orderId: ++this.#orderSeq,
      clientOrderId: algo.clientAlgoId,
      internalId: algo.internalId,
      type: 'MARKET',
      origType: 'STOP_MARKET',
      side: algo.side,
      timeInForce: 'GTC',
      reduceOnly: algo.reduceOnly,
      closePosition: algo.closePosition,
      price: 0,
      stopPrice: algo.triggerPrice,
      origQty: algo.quantity,
      leverage: algo.leverage,
      time,
      status: 'NEW',
      executedQty: 0,
      cumQuote: 0,
      updateTime: time,
    };
    this.#orders.push(order);
    algo.algoStatus = 'TRIGGERED';
    algo.triggerTime = time;
    algo.updateTime = time;
    algo.actualOrderId = order.orderId;
    this.#emitUser({ type: 'algo', algo, time });
    this.#emitUser({ type: 'order', order, execution: 'NEW', time });
    return order;
  }

  /** A venue-side cancel we did not ask for (reduce-only after the position closed): Binance's EXPIRED. */
  #applyOrderState(internalId: ClientOrderId, status: string, time: EpochMs): void {
    if (status !== OrderStatus.Canceled) return;
    const record = this.#byInternal.get(internalId);
    if (record === undefined) return;
    if ('algoId' in record) {
      if (record.algoStatus !== 'NEW') return;
      record.algoStatus = 'EXPIRED';
      record.updateTime = time;
      this.#emitUser({ type: 'algo', algo: record, time });
      return;
    }
    if (!isOpenStatus(record.status)) return;
    record.status = 'EXPIRED';
    record.updateTime = time;
    this.#emitUser({ type: 'order', order: record, execution: 'EXPIRED', time });
  }

  #applyLiquidation(time: EpochMs): void {
    const result = this.portfolio.liquidate(this.instrument.symbol, time);
    const quantity = Math.abs(result.quantity);
    const order: OrderRecord = {
      orderId: ++this.#orderSeq,
      clientOrderId: `autoclose-${time}`,
      internalId: `liq${time}` as ClientOrderId,
      type: 'LIQUIDATION',
      origType: 'LIQUIDATION',
      side: result.quantity > 0 ? 'SELL' : 'BUY',
      timeInForce: 'GTC',
      reduceOnly: true,
      closePosition: false,
      price: result.price,
      stopPrice: 0,
      origQty: quantity,
      leverage: result.closedPosition.leverage,
      time,
      status: 'NEW',
      executedQty: 0,
      cumQuote: 0,
      updateTime: time,
    };
    this.#orders.push(order);
    const trade: TradeRecord = {
      id: ++this.#tradeSeq,
      orderId: order.orderId,
      side: order.side,
      price: result.price,
      qty: quantity,
      realizedPnl: result.realisedPnl,
      commission: result.fee,
      maker: false,
      time,
    };
    this.#recordTrade(order, trade);
  }

  #addIncome(incomeType: IncomeRecord['incomeType'], income: number, time: number, tradeId: string): void {
    this.#income.push({ tranId: ++this.#incomeSeq, incomeType, income, time, tradeId });
  }

  #emitUser(e: UserEvent): void {
    for (const l of this.#userListeners) l(e);
  }

  #emitMarket(e: MarketEvent): void {
    for (const l of this.#marketListeners) l(e);
  }
}
