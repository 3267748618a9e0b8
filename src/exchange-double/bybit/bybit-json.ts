import type { AlgoRecord, BinanceOrderStatus, OrderRecord, TradeRecord } from '../account-records.js';
import type { ExchangeEngine } from '../exchange-engine.js';
import { formatDecimal, money } from '../wire-format.js';

/** The engine's orders, stops and trades in Bybit V5's shapes (order/realtime, execution/list). */

export const orderIdOf = (o: OrderRecord): string => `ord-${o.orderId}`;
export const conditionalIdOf = (a: AlgoRecord): string => `cond-${a.algoId}`;

const sideOf = (s: 'BUY' | 'SELL'): 'Buy' | 'Sell' => (s === 'BUY' ? 'Buy' : 'Sell');

const ORDER_STATUS: Record<BinanceOrderStatus, string> = {
  NEW: 'New',
  PARTIALLY_FILLED: 'PartiallyFilled',
  FILLED: 'Filled',
  CANCELED: 'Cancelled',
  REJECTED: 'Rejected',
  EXPIRED: 'Deactivated',
};

function common(symbol: string): Record<string, unknown> {
  return {
    symbol,
    isLeverage: '',
    positionIdx: 0,
    cancelType: 'UNKNOWN',
    rejectReason: 'EC_NoError',
    orderIv: '',
    takeProfit: '',
    stopLoss: '',
    tpTriggerBy: '',
    slTriggerBy: '',
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    placeType: '',
  };
}

export function orderJson(o: OrderRecord, symbol: string): Record<string, unknown> {
  const leaves = o.origQty - o.executedQty;
  return {
    ...common(symbol),
    orderId: orderIdOf(o),
    orderLinkId: o.clientOrderId,
    side: sideOf(o.side),
    orderType: o.type === 'LIMIT' ? 'Limit' : 'Market',
    stopOrderType: '',
    price: formatDecimal(o.price),
    qty: formatDecimal(o.origQty),
    timeInForce: o.type === 'LIMIT' ? (o.timeInForce === 'GTX' ? 'PostOnly' : 'GTC') : 'IOC',
    orderStatus: ORDER_STATUS[o.status],
    avgPrice: o.executedQty > 0 ? formatDecimal(o.cumQuote / o.executedQty) : '',
    leavesQty: formatDecimal(['NEW', 'PARTIALLY_FILLED'].includes(o.status) ? leaves : 0),
    leavesValue: money(leaves * o.price),
    cumExecQty: formatDecimal(o.executedQty),
    cumExecValue: money(o.cumQuote),
    cumExecFee: '0',
    triggerPrice: '',
    triggerDirection: 0,
    triggerBy: '',
    reduceOnly: o.reduceOnly,
    closeOnTrigger: false,
    createdTime: String(o.time),
    updatedTime: String(o.updateTime),
  };
}

/**
 * A conditional order: Untriggered until its trigger price trades, then the same Bybit order works as a
 * market order (Triggered, then Filled with its fills). The engine keeps the triggered part as a
 * separate order record (`actualOrderId`); Bybit shows one order, so both are merged here. A stop
 * loss attached to an entry shows as `StopLoss` without an orderLinkId.
 */
export function conditionalJson(
  a: AlgoRecord,
  engine: ExchangeEngine,
  symbol: string,
  attached: boolean,
): Record<string, unknown> {
  const actual = a.actualOrderId === undefined ? undefined : engine.ledger.findOrder({ id: a.actualOrderId });
  const filled = actual?.executedQty ?? 0;
  const status =
    a.algoStatus === 'NEW'
      ? 'Untriggered'
      : a.algoStatus === 'CANCELED'
        ? 'Deactivated'
        : actual !== undefined
          ? ORDER_STATUS[actual.status] === 'New'
            ? 'Triggered'
            : ORDER_STATUS[actual.status]
          : 'Triggered';
  return {
    ...common(symbol),
    orderId: conditionalIdOf(a),
    orderLinkId: attached ? '' : a.clientAlgoId,
    side: sideOf(a.side),
    orderType: 'Market',
    stopOrderType: attached ? 'StopLoss' : 'Stop',
    price: '0',
    qty: formatDecimal(a.quantity),
    timeInForce: 'IOC',
    orderStatus: status,
    avgPrice: actual && filled > 0 ? formatDecimal(actual.cumQuote / filled) : '',
    leavesQty: formatDecimal(status === 'Untriggered' || status === 'Triggered' ? a.quantity - filled : 0),
    leavesValue: '0',
    cumExecQty: formatDecimal(filled),
    cumExecValue: money(actual?.cumQuote ?? 0),
    cumExecFee: '0',
    triggerPrice: formatDecimal(a.triggerPrice),
    triggerDirection: a.side === 'SELL' ? 2 : 1,
    triggerBy: 'LastPrice',
    reduceOnly: a.reduceOnly,
    closeOnTrigger: a.closePosition,
    createdTime: String(a.createTime),
    updatedTime: String(a.updateTime),
  };
}

/** One execution (`/v5/execution/list`); fills of a triggered stop carry the stop's Bybit order id. */
export function executionJson(
  t: TradeRecord,
  order: { id: string; linkId: string; type: string; stopOrderType: string; qty: number; price: number },
  symbol: string,
  feeRate: number,
): Record<string, unknown> {
  return {
    symbol,
    orderId: order.id,
    orderLinkId: order.linkId,
    side: sideOf(t.side),
    orderPrice: formatDecimal(order.price),
    orderQty: formatDecimal(order.qty),
    leavesQty: '0',
    orderType: order.type,
    stopOrderType: order.stopOrderType,
    execFee: money(t.commission),
    execId: `exec-${t.id}`,
    execPrice: formatDecimal(t.price),
    execQty: formatDecimal(t.qty),
    execType: 'Trade',
    execValue: money(t.price * t.qty),
    execTime: String(t.time),
    feeCurrency: '',
    isMaker: t.maker,
    feeRate: formatDecimal(feeRate),
    tradeIv: '',
    markIv: '',
    markPrice: formatDecimal(t.price),
    indexPrice: '',
    underlyingPrice: '',
    blockTradeId: '',
    closedSize: '0',
    seq: t.id,
  };
}
