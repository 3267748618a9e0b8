import type { AlgoRecord, OrderRecord, TradeRecord } from './account-records.js';
import { formatDecimal, money } from './wire-format.js';

/** Order, algo order and trade records as Binance USD-M serialises them (shapes: NOTES-integrations §4-5). */

export function orderJson(o: OrderRecord, symbol: string): Record<string, unknown> {
  const avg = o.executedQty > 0 ? o.cumQuote / o.executedQty : 0;
  return {
    orderId: o.orderId,
    symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: formatDecimal(o.price),
    avgPrice: formatDecimal(avg),
    origQty: formatDecimal(o.origQty),
    executedQty: formatDecimal(o.executedQty),
    cumQty: formatDecimal(o.executedQty),
    cumQuote: money(o.cumQuote),
    timeInForce: o.timeInForce,
    type: o.type,
    reduceOnly: o.reduceOnly,
    closePosition: o.closePosition,
    side: o.side,
    positionSide: 'BOTH',
    stopPrice: formatDecimal(o.stopPrice),
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: o.origType,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
    time: o.time,
    updateTime: o.updateTime,
  };
}

export function algoJson(a: AlgoRecord, symbol: string): Record<string, unknown> {
  return {
    algoId: a.algoId,
    clientAlgoId: a.clientAlgoId,
    algoType: 'CONDITIONAL',
    orderType: a.orderType,
    symbol,
    side: a.side,
    positionSide: 'BOTH',
    timeInForce: 'GTC',
    quantity: formatDecimal(a.quantity),
    algoStatus: a.algoStatus,
    triggerPrice: formatDecimal(a.triggerPrice),
    price: '0',
    icebergQuantity: null,
    selfTradePreventionMode: 'EXPIRE_MAKER',
    workingType: a.workingType,
    priceMatch: 'NONE',
    closePosition: a.closePosition,
    priceProtect: false,
    reduceOnly: a.reduceOnly,
    createTime: a.createTime,
    updateTime: a.updateTime,
    triggerTime: a.triggerTime,
    goodTillDate: 0,
    ...(a.actualOrderId === undefined ? {} : { actualOrderId: String(a.actualOrderId) }),
  };
}

export function tradeJson(t: TradeRecord, symbol: string): Record<string, unknown> {
  return {
    symbol,
    id: t.id,
    orderId: t.orderId,
    side: t.side,
    price: formatDecimal(t.price),
    qty: formatDecimal(t.qty),
    realizedPnl: money(t.realizedPnl),
    marginAsset: 'USDT',
    quoteQty: money(t.price * t.qty),
    commission: money(t.commission),
    commissionAsset: 'USDT',
    time: t.time,
    positionSide: 'BOTH',
    buyer: t.side === 'BUY',
    maker: t.maker,
  };
}
