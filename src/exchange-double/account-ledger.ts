import type { ClientOrderId, EpochMs } from '../core/index.js';
import { OrderStatus } from '../core/index.js';
import type { VenueEvent } from '../execution/index.js';
import type { Portfolio } from '../portfolio/index.js';
import {
  type AlgoRecord,
  type IncomeRecord,
  isOpenStatus,
  type OrderRecord,
  type TradeRecord,
} from './account-records.js';
import type { UserEvent } from './exchange-double.types.js';

/** An order named by Binance id or client id (the latest order with that client id). */
export interface OrderLookup {
  readonly id?: number | undefined;
  readonly clientId?: string | undefined;
}

/**
 * The account's Binance-side books: orders, algo orders, trades and income rows with Binance's ids
 * and statuses, kept in step with what SimVenue reports. Fills go to the Portfolio here, once each.
 */
export class AccountLedger {
  readonly #portfolio: Portfolio;
  readonly #emit: (e: UserEvent) => void;
  readonly #orders: OrderRecord[] = [];
  readonly #algos: AlgoRecord[] = [];
  readonly #byInternal = new Map<ClientOrderId, OrderRecord | AlgoRecord>();
  readonly #trades: TradeRecord[] = [];
  readonly #income: IncomeRecord[] = [];
  #orderSeq = 1_000_000;
  #algoSeq = 5_000_000;
  #tradeSeq = 700_000;
  #incomeSeq = 900_000;
  /** Time of the last fill that changed the position. */
  positionUpdateTime = 0;

  constructor(portfolio: Portfolio, emit: (e: UserEvent) => void) {
    this.#portfolio = portfolio;
    this.#emit = emit;
  }

  nextOrderId(): number {
    return ++this.#orderSeq;
  }

  nextAlgoId(): number {
    return ++this.#algoSeq;
  }

  addOrder(order: OrderRecord): void {
    this.#orders.push(order);
    this.#byInternal.set(order.internalId, order);
  }

  addAlgo(algo: AlgoRecord): void {
    this.#algos.push(algo);
    this.#byInternal.set(algo.internalId, algo);
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

  applyVenueEvents(events: readonly VenueEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'fill') this.#applyFill(ev.fill);
      else if (ev.type === 'order')
        this.#applyOrderState(ev.order.clientOrderId, ev.order.status, ev.order.updatedAt);
      else this.#applyLiquidation(ev.symbol, ev.time);
    }
  }

  #applyFill(fill: Extract<VenueEvent, { type: 'fill' }>['fill']): void {
    const record = this.#byInternal.get(fill.clientOrderId);
    if (record === undefined) throw new Error(`double: fill for unknown venue order ${fill.clientOrderId}`);
    const order = 'algoId' in record ? this.#triggeredOrder(record, fill.time) : record;
    const effect = this.#portfolio.applyFill(fill, order.leverage);
    const trade: TradeRecord = {
      id: ++this.#tradeSeq,
      orderId: order.orderId,
      side: order.side,
      price: fill.price,
      qty: fill.quantity,
      realizedPnl: effect.realisedPnl,
      commission: fill.fee,
      maker: fill.liquidity === 'maker',
      time: Math.max(fill.time, order.time),
    };
    this.#recordTrade(order, trade);
    if ('algoId' in record && order.status === 'FILLED') {
      record.algoStatus = 'FINISHED';
      record.updateTime = fill.time;
      this.#emit({ type: 'algo', algo: record, time: fill.time });
    }
  }

  #recordTrade(order: OrderRecord, trade: TradeRecord): void {
    this.#trades.push(trade);
    order.executedQty = Number((order.executedQty + trade.qty).toPrecision(12));
    order.cumQuote += trade.price * trade.qty;
    order.status = order.executedQty >= order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = trade.time;
    this.positionUpdateTime = trade.time;
    if (trade.realizedPnl !== 0)
      this.addIncome('REALIZED_PNL', trade.realizedPnl, trade.time, String(trade.id));
    this.addIncome('COMMISSION', -trade.commission, trade.time, String(trade.id));
    this.#emit({ type: 'order', order, execution: 'TRADE', trade, time: trade.time });
    this.#emit({ type: 'account', reason: 'ORDER', time: trade.time });
  }

  /** The market order a stop became when triggered (created at its first fill). */
  #triggeredOrder(algo: AlgoRecord, time: number): OrderRecord {
    const existing =
      algo.actualOrderId === undefined ? undefined : this.findOrder({ id: algo.actualOrderId });
    if (existing) return existing;
    const order: OrderRecord = {
      orderId: this.nextOrderId(),
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
    this.#emit({ type: 'algo', algo, time });
    this.#emit({ type: 'order', order, execution: 'NEW', time });
    return order;
  }

  /** A venue-side cancel we did not ask for (reduce-only after the position closed): Binance's EXPIRED. */
  #applyOrderState(internalId: ClientOrderId, status: string, time: EpochMs): void {
    if (status !== OrderStatus.Canceled) return;
    const record = this.#byInternal.get(internalId);
    if (record === undefined) return;
    if (!('algoId' in record)) return this.#expire(record, time);
    if (record.algoStatus === 'NEW') {
      record.algoStatus = 'EXPIRED';
      record.updateTime = time;
      this.#emit({ type: 'algo', algo: record, time });
      return;
    }
    // A triggered stop whose rest the venue canceled (the position closed under it): its order expires.
    const order =
      record.actualOrderId === undefined ? undefined : this.findOrder({ id: record.actualOrderId });
    if (record.algoStatus !== 'TRIGGERED' || order === undefined) return;
    this.#expire(order, time);
    record.algoStatus = 'FINISHED';
    record.updateTime = time;
    this.#emit({ type: 'algo', algo: record, time });
  }

  #expire(order: OrderRecord, time: number): void {
    if (!isOpenStatus(order.status)) return;
    order.status = 'EXPIRED';
    order.updateTime = time;
    this.#emit({ type: 'order', order, execution: 'EXPIRED', time });
  }

  #applyLiquidation(symbol: string, time: EpochMs): void {
    const result = this.#portfolio.liquidate(symbol, time);
    const quantity = Math.abs(result.quantity);
    const order: OrderRecord = {
      orderId: this.nextOrderId(),
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

  addIncome(incomeType: IncomeRecord['incomeType'], income: number, time: number, tradeId: string): void {
    this.#income.push({ tranId: ++this.#incomeSeq, incomeType, income, time, tradeId });
  }
}
