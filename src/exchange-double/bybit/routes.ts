import type { OrderRecord } from '../account-records.js';
import { positionRiskV3 } from '../account-view.js';
import type { ExchangeEngine } from '../exchange-engine.js';
import { formatDecimal, money } from '../wire-format.js';
import { bybitErrors, fromEngineError } from './bybit-error.js';
import { conditionalIdOf, conditionalJson, executionJson, orderIdOf, orderJson } from './bybit-json.js';

/** Bybit V5 routes over the shared engine, keyed `METHOD path`; params from the query or the JSON body. */

export interface BybitContext {
  readonly engine: ExchangeEngine;
  readonly params: Readonly<Record<string, unknown>>;
  readonly serverTime: number;
}

export type BybitHandler = (ctx: BybitContext) => unknown;

function str(ctx: BybitContext, name: string): string | undefined {
  const v = ctx.params[name];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined || v === null) return undefined;
  throw bybitErrors.params(`${name} is not a scalar`);
}

function need(ctx: BybitContext, name: string): string {
  const v = str(ctx, name);
  if (v === undefined) throw bybitErrors.params(`${name} is required`);
  return v;
}

function num(ctx: BybitContext, name: string): number {
  const v = Number(need(ctx, name));
  if (!Number.isFinite(v)) throw bybitErrors.params(`${name} is not a number`);
  return v;
}

function linear(ctx: BybitContext): void {
  if (need(ctx, 'category') !== 'linear') throw bybitErrors.params('category: only linear is served');
}

function symbolOf(ctx: BybitContext, optional = false): string {
  const s = str(ctx, 'symbol');
  const own = ctx.engine.instrument.symbol;
  if (s === undefined && optional) return own;
  if (s !== own) throw bybitErrors.params(`symbol invalid: ${String(s)}`);
  return own;
}

const bool = (ctx: BybitContext, name: string): boolean => {
  const v = ctx.params[name];
  return v === true || v === 'true';
};

/** NMRUSDT's instrument row; Bybit publishes no fees or liquidation fee here. */
const instrumentsInfo: BybitHandler = (ctx) => {
  linear(ctx);
  const i = ctx.engine.instrument;
  const status = str(ctx, 'status');
  const wanted = str(ctx, 'symbol');
  const listed =
    (status === undefined || status === 'Trading') && (wanted === undefined || wanted === i.symbol);
  const maxLeverage = Math.max(...i.marginTiers.map((t) => t.maxLeverage));
  const row = {
    symbol: i.symbol,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: 'NMR',
    quoteCoin: 'USDT',
    launchTime: '1600000000000',
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: '3',
    leverageFilter: { minLeverage: '1', maxLeverage: formatDecimal(maxLeverage), leverageStep: '0.01' },
    priceFilter: {
      minPrice: formatDecimal(i.tickSize),
      maxPrice: '19999.998',
      tickSize: formatDecimal(i.tickSize),
    },
    lotSizeFilter: {
      maxOrderQty: '100000',
      maxMktOrderQty: '20000',
      minOrderQty: formatDecimal(i.minQuantity),
      qtyStep: formatDecimal(i.stepSize),
      postOnlyMaxOrderQty: '100000',
      minNotionalValue: formatDecimal(i.minNotional),
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: 'USDT',
    copyTrading: 'both',
    upperFundingRate: '0.02',
    lowerFundingRate: '-0.02',
  };
  return { category: 'linear', list: listed ? [row] : [] };
};

/** Risk limits as Bybit lists them: cap (`riskLimitValue`), maintenance rate and max leverage per tier. */
const riskLimit: BybitHandler = (ctx) => {
  linear(ctx);
  const symbol = symbolOf(ctx, true);
  return {
    category: 'linear',
    list: ctx.engine.instrument.marginTiers.map((t, i) => ({
      id: i + 1,
      symbol,
      riskLimitValue: formatDecimal(t.notionalCap),
      maintenanceMargin: formatDecimal(t.mmr),
      initialMargin: formatDecimal(1 / t.maxLeverage),
      isLowestRisk: i === 0 ? 1 : 0,
      maxLeverage: formatDecimal(t.maxLeverage),
      mmDeduction: formatDecimal(t.cum),
    })),
  };
};

const INTERVALS: Record<string, number> = { '1': 60_000, '5': 300_000, '15': 900_000, '60': 3_600_000 };

/**
 * Klines newest first, `[start, open, high, low, close, volume, turnover]`: closed bars whole, the
 * forming bar with its open only. Only the replayed timeframe is served. Turnover is DERIVED (volume x close).
 */
const kline: BybitHandler = (ctx) => {
  linear(ctx);
  const symbol = symbolOf(ctx);
  const replay = ctx.engine.replay;
  const tfMs = INTERVALS[need(ctx, 'interval')];
  if (tfMs !== replay.series.timeframeMs)
    throw bybitErrors.params('interval: only the replayed timeframe is served');
  const start = Number(str(ctx, 'start') ?? 0);
  const end = Number(str(ctx, 'end') ?? Number.MAX_SAFE_INTEGER);
  const limit = Math.min(Number(str(ctx, 'limit') ?? 200), 1000);
  const rows: string[][] = [];
  for (let i = replay.formingIndex; i >= 0 && rows.length < limit; i--) {
    const c = replay.series.at(i);
    if (c.openTime > end) continue;
    if (c.openTime < start) break;
    const forming = i === replay.formingIndex;
    const [h, l, cl, v] = forming ? [c.open, c.open, c.open, 0] : [c.high, c.low, c.close, c.volume];
    const p = formatDecimal;
    rows.push([String(c.openTime), p(c.open), p(h), p(l), p(cl), p(v), money(v * cl)]);
  }
  return { category: 'linear', symbol, list: rows };
};

const setLeverage: BybitHandler = (ctx) => {
  linear(ctx);
  symbolOf(ctx);
  const buy = num(ctx, 'buyLeverage');
  if (buy !== num(ctx, 'sellLeverage'))
    throw bybitErrors.params('buyLeverage must equal sellLeverage in one-way mode');
  if (buy === ctx.engine.leverage) throw bybitErrors.leverageNotModified();
  ctx.engine.setLeverage(buy);
  return {};
};

/** Unified account margin mode: `ISOLATED_MARGIN` or `REGULAR_MARGIN` (cross); the same mode again is success. */
const setMarginMode: BybitHandler = (ctx) => {
  const mode = need(ctx, 'setMarginMode');
  if (mode !== 'ISOLATED_MARGIN' && mode !== 'REGULAR_MARGIN') throw bybitErrors.params('setMarginMode');
  const type = mode === 'ISOLATED_MARGIN' ? 'ISOLATED' : 'CROSSED';
  if (ctx.engine.marginType !== type) ctx.engine.setMarginType(type);
  return { reasons: [] };
};

/** Internal link id of an attached stop (Bybit shows it with an empty orderLinkId). */
const ATTACHED_PREFIX = 'attached-sl:';
const attached = new WeakMap<ExchangeEngine, Set<number>>();
export function attachedStops(engine: ExchangeEngine): Set<number> {
  let set = attached.get(engine);
  if (set === undefined) attached.set(engine, (set = new Set()));
  return set;
}

function linkIdTaken(engine: ExchangeEngine, linkId: string): boolean {
  return (
    engine.ledger.orders().some((o) => o.clientOrderId === linkId) ||
    engine.ledger.algos().some((a) => a.clientAlgoId === linkId)
  );
}

/**
 * Market and limit orders, and conditional market orders (`triggerPrice` + `triggerDirection`, as ccxt
 * sends a `stopLossPrice`): only reduce-only conditional stops are matched. An `orderLinkId` used before
 * is refused (110072).
 */
const createOrder: BybitHandler = (ctx) => {
  linear(ctx);
  symbolOf(ctx);
  const side = need(ctx, 'side');
  if (side !== 'Buy' && side !== 'Sell') throw bybitErrors.params('side');
  const orderType = need(ctx, 'orderType');
  const linkId =
    str(ctx, 'orderLinkId') ??
    `double-${ctx.engine.ledger.orders().length + ctx.engine.ledger.algos().length + 1}`;
  if (linkIdTaken(ctx.engine, linkId)) throw bybitErrors.duplicateLinkId();
  if (str(ctx, 'takeProfit') !== undefined)
    throw bybitErrors.params('takeProfit attached to an order is not served by the double');
  const quantity = num(ctx, 'qty');
  const binanceSide = side === 'Buy' ? 'BUY' : 'SELL';
  const reduceOnly = bool(ctx, 'reduceOnly');
  if (str(ctx, 'triggerPrice') !== undefined) {
    if (orderType !== 'Market') throw bybitErrors.params('conditional orders: Market only');
    const direction = need(ctx, 'triggerDirection');
    // A sell stop triggers on a fall (2), a buy stop on a rise (1): the only stops the engine matches.
    if (direction !== (side === 'Sell' ? '2' : '1')) throw bybitErrors.params('triggerDirection');
    const algo = ctx.engine.placeAlgo({
      side: binanceSide,
      quantity,
      triggerPrice: num(ctx, 'triggerPrice'),
      reduceOnly,
      closePosition: bool(ctx, 'closeOnTrigger'),
      clientAlgoId: linkId,
      workingType: 'CONTRACT_PRICE',
    });
    return { orderId: conditionalIdOf(algo), orderLinkId: algo.clientAlgoId };
  }
  if (orderType !== 'Market' && orderType !== 'Limit') throw bybitErrors.params('orderType');
  const tif = str(ctx, 'timeInForce') ?? 'GTC';
  const stopLoss = str(ctx, 'stopLoss');
  if (stopLoss !== undefined) checkAttachedStop(ctx, orderType, side, Number(stopLoss));
  const order = ctx.engine.placeOrder({
    side: binanceSide,
    type: orderType === 'Market' ? 'MARKET' : 'LIMIT',
    quantity,
    price: orderType === 'Limit' ? num(ctx, 'price') : undefined,
    timeInForce: tif === 'PostOnly' ? 'GTX' : 'GTC',
    reduceOnly,
    clientOrderId: linkId,
  });
  if (stopLoss !== undefined) attachStop(ctx.engine, order, Number(stopLoss));
  return { orderId: orderIdOf(order), orderLinkId: order.clientOrderId };
};

/** Bybit: a long's stop loss must be below the last price, a short's above. Market entries only here. */
function checkAttachedStop(ctx: BybitContext, orderType: string, side: string, stopLoss: number): void {
  if (orderType !== 'Market')
    throw bybitErrors.params('stopLoss: attached to Market orders only in the double');
  const last = ctx.engine.replay.lastPrice;
  if (!(stopLoss > 0) || (side === 'Buy' ? stopLoss >= last : stopLoss <= last))
    throw bybitErrors.params(
      `StopLoss:${stopLoss} set for Buy position should lower than base_price:${last}`,
    );
}

/**
 * An attached stop loss becomes, once the entry filled, a reduce-only conditional market order for the
 * entry's quantity (Bybit's `StopLoss` order, without an orderLinkId of its own).
 */
function attachStop(engine: ExchangeEngine, entry: OrderRecord, stopLoss: number): void {
  const algo = engine.placeAlgo({
    side: entry.side === 'BUY' ? 'SELL' : 'BUY',
    quantity: entry.executedQty,
    triggerPrice: stopLoss,
    reduceOnly: true,
    closePosition: false,
    clientAlgoId: `${ATTACHED_PREFIX}${entry.clientOrderId}`,
    workingType: 'CONTRACT_PRICE',
  });
  attachedStops(engine).add(algo.algoId);
}

/** The order and conditional order rows Bybit would show, triggered stops' inner orders folded in. */
function orderRows(
  engine: ExchangeEngine,
): { id: string; linkId: string; open: boolean; row: () => Record<string, unknown> }[] {
  const symbol = engine.instrument.symbol;
  const inner = new Set(engine.ledger.algos().map((a) => a.actualOrderId));
  const plain = engine.ledger
    .orders()
    .filter((o) => !inner.has(o.orderId))
    .map((o) => ({
      id: orderIdOf(o),
      linkId: o.clientOrderId,
      time: o.time,
      row: () => orderJson(o, symbol),
    }));
  const attached = attachedStops(engine);
  const conditional = engine.ledger.algos().map((a) => ({
    id: conditionalIdOf(a),
    linkId: attached.has(a.algoId) ? '' : a.clientAlgoId,
    time: a.createTime,
    row: () => conditionalJson(a, engine, symbol, attached.has(a.algoId)),
  }));
  return [...plain, ...conditional]
    .sort((a, b) => b.time - a.time)
    .map((r) => {
      const status = String(r.row()['orderStatus']);
      return { ...r, open: ['New', 'PartiallyFilled', 'Untriggered', 'Triggered'].includes(status) };
    });
}

/** By `orderId` or `orderLinkId`: that order whatever its state; else the open orders (`openOnly` 0). */
const realtime: BybitHandler = (ctx) => {
  linear(ctx);
  symbolOf(ctx, true);
  const id = str(ctx, 'orderId');
  const linkId = str(ctx, 'orderLinkId');
  const rows = orderRows(ctx.engine).filter((r) =>
    id !== undefined ? r.id === id : linkId !== undefined ? r.linkId === linkId : r.open,
  );
  const stopsOnly = str(ctx, 'orderFilter') === 'StopOrder';
  const list = rows
    .map((r) => r.row())
    .filter((row) => id !== undefined || linkId !== undefined || !stopsOnly || row['stopOrderType'] !== '');
  return { category: 'linear', list, nextPageCursor: '' };
};

const history: BybitHandler = (ctx) => {
  linear(ctx);
  symbolOf(ctx, true);
  const rows = orderRows(ctx.engine).filter((r) => !r.open);
  return { category: 'linear', list: rows.map((r) => r.row()), nextPageCursor: '' };
};

const cancelOrder: BybitHandler = (ctx) => {
  linear(ctx);
  symbolOf(ctx);
  const id = str(ctx, 'orderId');
  const linkId = str(ctx, 'orderLinkId');
  if (id === undefined && linkId === undefined)
    throw bybitErrors.params('orderId or orderLinkId is required');
  const row = orderRows(ctx.engine).find((r) => (id !== undefined ? r.id === id : r.linkId === linkId));
  if (row === undefined || !row.open) throw bybitErrors.orderNotFound();
  const numeric = Number(row.id.replace(/^\D+-/, ''));
  if (row.id.startsWith('cond-')) ctx.engine.cancelAlgo({ id: numeric });
  else ctx.engine.cancelOrder({ id: numeric });
  return { orderId: row.id, orderLinkId: row.linkId };
};

/** Executions newest first; fills of a triggered stop carry the stop's order id, as on Bybit. */
const executions: BybitHandler = (ctx) => {
  linear(ctx);
  const symbol = symbolOf(ctx, true);
  const e = ctx.engine;
  const byInner = new Map(
    e.ledger
      .algos()
      .filter((a) => a.actualOrderId !== undefined)
      .map((a) => [a.actualOrderId, a]),
  );
  const wantedId = str(ctx, 'orderId');
  const start = Number(str(ctx, 'startTime') ?? 0);
  const list = e.ledger
    .trades()
    .map((t) => {
      const algo = byInner.get(t.orderId);
      const order = e.ledger.findOrder({ id: t.orderId }) as OrderRecord;
      const ref = algo
        ? {
            id: conditionalIdOf(algo),
            linkId: attachedStops(e).has(algo.algoId) ? '' : algo.clientAlgoId,
            type: 'Market',
            stopOrderType: attachedStops(e).has(algo.algoId) ? 'StopLoss' : 'Stop',
            qty: algo.quantity,
            price: 0,
          }
        : {
            id: orderIdOf(order),
            linkId: order.clientOrderId,
            type: order.type === 'LIMIT' ? 'Limit' : 'Market',
            stopOrderType: '',
            qty: order.origQty,
            price: order.price,
          };
      const rate = t.maker ? e.instrument.makerFee : e.instrument.takerFee;
      return { t, json: executionJson(t, ref, symbol, rate) };
    })
    .filter(({ t, json }) => t.time >= start && (wantedId === undefined || json['orderId'] === wantedId))
    .reverse()
    .map(({ json }) => json);
  return { category: 'linear', list, nextPageCursor: '' };
};

/** A field of the Binance position row as text. */
function field(row: Record<string, unknown> | undefined, name: string, fallback: string): string {
  const v = row?.[name];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : fallback;
}

/** One-way mode: one row for the symbol, `side` '' and size 0 when flat. */
const positions: BybitHandler = (ctx) => {
  linear(ctx);
  const symbol = symbolOf(ctx, true);
  const e = ctx.engine;
  const p = positionRiskV3(e)[0];
  const amount = Number(p?.['positionAmt'] ?? 0);
  const notional = Math.abs(Number(p?.['notional'] ?? 0));
  return {
    category: 'linear',
    list: [
      {
        positionIdx: 0,
        riskId: 1,
        riskLimitValue: formatDecimal(e.instrument.marginTiers[0]?.notionalCap ?? 0),
        symbol,
        side: amount > 0 ? 'Buy' : amount < 0 ? 'Sell' : '',
        size: formatDecimal(Math.abs(amount)),
        avgPrice: field(p, 'entryPrice', '0'),
        positionValue: money(notional),
        tradeMode: e.marginType === 'ISOLATED' ? 1 : 0,
        autoAddMargin: 0,
        positionStatus: 'Normal',
        leverage: String(e.leverage),
        markPrice: formatDecimal(e.replay.lastPrice),
        liqPrice: amount === 0 ? '' : field(p, 'liquidationPrice', ''),
        bustPrice: '',
        positionIM: field(p, 'initialMargin', '0'),
        positionMM: field(p, 'maintMargin', '0'),
        positionBalance: field(p, 'isolatedWallet', '0'),
        takeProfit: '0',
        stopLoss: '0',
        trailingStop: '0',
        unrealisedPnl: field(p, 'unRealizedProfit', '0'),
        curRealisedPnl: '0',
        cumRealisedPnl: '0',
        adlRankIndicator: amount === 0 ? 0 : 2,
        isReduceOnly: false,
        createdTime: String(e.positionUpdateTime),
        updatedTime: String(e.positionUpdateTime),
        seq: e.ledger.trades().length,
      },
    ],
    nextPageCursor: '',
  };
};

/** The unified account's USDT. */
const walletBalance: BybitHandler = (ctx) => {
  const e = ctx.engine;
  const wallet = e.portfolio.walletBalance;
  const unrealized = e.portfolio.unrealisedPnl();
  const available = e.portfolio.availableBalance() - e.openOrderMargin();
  const equity = money(wallet + unrealized);
  return {
    list: [
      {
        accountType: 'UNIFIED',
        totalEquity: equity,
        totalWalletBalance: money(wallet),
        totalMarginBalance: equity,
        totalAvailableBalance: money(available),
        totalPerpUPL: money(unrealized),
        totalInitialMargin: money(e.portfolio.marginUsed() + e.openOrderMargin()),
        totalMaintenanceMargin: '0',
        accountIMRate: '0',
        accountMMRate: '0',
        coin: [
          {
            coin: 'USDT',
            equity,
            usdValue: equity,
            walletBalance: money(wallet),
            unrealisedPnl: money(unrealized),
            cumRealisedPnl: '0',
            totalPositionIM: money(e.portfolio.marginUsed()),
            totalOrderIM: money(e.openOrderMargin()),
            locked: '0',
            borrowAmount: '0',
            availableToWithdraw: money(Math.max(0, available)),
            accruedInterest: '0',
            bonus: '0',
            marginCollateral: true,
            collateralSwitch: true,
          },
        ],
      },
    ],
  };
};

const time: BybitHandler = (ctx) => ({
  timeSecond: String(Math.floor(ctx.serverTime / 1000)),
  timeNano: `${ctx.serverTime}000000`,
});

export const BYBIT_PUBLIC: Readonly<Record<string, BybitHandler>> = {
  '/v5/market/time': time,
  '/v5/market/instruments-info': instrumentsInfo,
  '/v5/market/kline': kline,
  '/v5/market/risk-limit': riskLimit,
};

/** ccxt asks for the coins at load when it has keys; the double lists the two it trades, without chains. */
const coinInfo: BybitHandler = () => ({
  rows: [
    { name: 'USDT', coin: 'USDT', remainAmount: '1000000', chains: [] },
    { name: 'NMR', coin: 'NMR', remainAmount: '1000000', chains: [] },
  ],
});

export const BYBIT_PRIVATE: Readonly<Record<string, BybitHandler>> = {
  'GET /v5/asset/coin/query-info': coinInfo,
  'POST /v5/position/set-leverage': setLeverage,
  'POST /v5/account/set-margin-mode': setMarginMode,
  'POST /v5/order/create': createOrder,
  'POST /v5/order/cancel': cancelOrder,
  'GET /v5/order/realtime': realtime,
  'GET /v5/order/history': history,
  'GET /v5/execution/list': executions,
  'GET /v5/position/list': positions,
  'GET /v5/account/wallet-balance': walletBalance,
};

/** Runs a route; engine errors (Binance codes) come out as Bybit's. */
export function runRoute(handler: BybitHandler, ctx: BybitContext): unknown {
  try {
    return handler(ctx);
  } catch (err) {
    throw fromEngineError(err);
  }
}
