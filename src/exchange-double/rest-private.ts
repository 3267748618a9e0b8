import { randomBytes } from 'node:crypto';
import { isOpenStatus } from './account-records.js';
import { algoJson, orderJson, tradeJson } from './account-json.js';
import { accountJson, balanceJson, positionRiskV2, positionRiskV3 } from './account-view.js';
import { binanceErrors } from './binance-error.js';
import type { PlaceAlgo, PlaceOrder } from './exchange-engine.js';
import {
  bool,
  integer,
  limitParam,
  lookup,
  required,
  requiredNumber,
  selectWindow,
  side,
} from './rest-params.js';
import type { Handler, RestContext } from './rest-public.js';
import { formatDecimal } from './wire-format.js';

/** Signed (USER_DATA / TRADE) endpoints, keyed `METHOD path`. */

function symbolOf(ctx: RestContext): string {
  const symbol = required(ctx.params, 'symbol');
  if (symbol !== ctx.engine.instrument.symbol) throw binanceErrors.invalidSymbol();
  return symbol;
}

function optionalSymbol(ctx: RestContext): void {
  const symbol = ctx.params.get('symbol');
  if (symbol !== null && symbol !== ctx.engine.instrument.symbol) throw binanceErrors.invalidSymbol();
}

/** A client id Binance would generate when none is sent. */
function generatedClientId(): string {
  return `double${randomBytes(8).toString('hex')}`;
}

const createOrder: Handler = (ctx) => {
  const q = ctx.params;
  const symbol = symbolOf(ctx);
  const type = required(q, 'type');
  if (type === 'STOP_MARKET' || type === 'TAKE_PROFIT_MARKET' || type === 'STOP' || type === 'TAKE_PROFIT')
    throw binanceErrors.useAlgoEndpoint();
  if (type !== 'MARKET' && type !== 'LIMIT') throw binanceErrors.invalidOrderType();
  if ((q.get('positionSide') ?? 'BOTH') !== 'BOTH') throw binanceErrors.illegalParameter('positionSide');
  const tif = q.get('timeInForce') ?? 'GTC';
  if (type === 'LIMIT' && tif !== 'GTC' && tif !== 'GTX') throw binanceErrors.illegalParameter('timeInForce');
  const order: PlaceOrder = {
    side: side(q),
    type,
    quantity: requiredNumber(q, 'quantity'),
    price: type === 'LIMIT' ? requiredNumber(q, 'price') : undefined,
    timeInForce: tif === 'GTX' ? 'GTX' : 'GTC',
    reduceOnly: bool(q, 'reduceOnly'),
    clientOrderId: q.get('newClientOrderId') ?? generatedClientId(),
  };
  return orderJson(ctx.engine.placeOrder(order), symbol);
};

const createAlgo: Handler = (ctx) => {
  const q = ctx.params;
  const symbol = symbolOf(ctx);
  if (required(q, 'algoType') !== 'CONDITIONAL') throw binanceErrors.illegalParameter('algoType');
  if (required(q, 'type') !== 'STOP_MARKET') throw binanceErrors.invalidOrderType();
  const closePosition = bool(q, 'closePosition');
  const algo: PlaceAlgo = {
    side: side(q),
    quantity: closePosition ? undefined : requiredNumber(q, 'quantity'),
    triggerPrice: requiredNumber(q, 'triggerPrice'),
    reduceOnly: bool(q, 'reduceOnly'),
    closePosition,
    clientAlgoId: q.get('clientAlgoId') ?? generatedClientId(),
    workingType: q.get('workingType') ?? 'CONTRACT_PRICE',
  };
  return algoJson(ctx.engine.placeAlgo(algo), symbol);
};

const queryOrder: Handler = (ctx) => {
  const symbol = symbolOf(ctx);
  const order = ctx.engine.ledger.findOrder(lookup(ctx.params, 'orderId', 'origClientOrderId'));
  if (!order) throw binanceErrors.orderNotFound();
  return orderJson(order, symbol);
};

const cancelOrder: Handler = (ctx) => {
  const symbol = symbolOf(ctx);
  return orderJson(ctx.engine.cancelOrder(lookup(ctx.params, 'orderId', 'origClientOrderId')), symbol);
};

const queryAlgo: Handler = (ctx) => {
  const algo = ctx.engine.ledger.findAlgo(lookup(ctx.params, 'algoId', 'clientAlgoId'));
  if (!algo) throw binanceErrors.orderNotFound();
  return algoJson(algo, ctx.engine.instrument.symbol);
};

const cancelAlgo: Handler = (ctx) => {
  const algo = ctx.engine.cancelAlgo(lookup(ctx.params, 'algoId', 'clientAlgoId'));
  return { algoId: algo.algoId, clientAlgoId: algo.clientAlgoId, code: '200', msg: 'success' };
};

const openOrders: Handler = (ctx) => {
  optionalSymbol(ctx);
  const symbol = ctx.engine.instrument.symbol;
  return ctx.engine.ledger
    .orders()
    .filter((o) => isOpenStatus(o.status))
    .map((o) => orderJson(o, symbol));
};

const openAlgos: Handler = (ctx) => {
  optionalSymbol(ctx);
  const symbol = ctx.engine.instrument.symbol;
  return ctx.engine.ledger
    .algos()
    .filter((a) => a.algoStatus === 'NEW')
    .map((a) => algoJson(a, symbol));
};

const allOrders: Handler = (ctx) => {
  const symbol = symbolOf(ctx);
  const limit = limitParam(ctx.params, 500, 1000);
  const fromId = integer(ctx.params, 'orderId');
  const rows = ctx.engine.ledger.orders().filter((o) => fromId === undefined || o.orderId >= fromId);
  return selectWindow(rows, (o) => o.time, ctx.params, limit, undefined).map((o) => orderJson(o, symbol));
};

const allAlgos: Handler = (ctx) => {
  const symbol = symbolOf(ctx);
  const limit = limitParam(ctx.params, 500, 1000);
  return selectWindow(ctx.engine.ledger.algos(), (a) => a.createTime, ctx.params, limit, undefined).map((a) =>
    algoJson(a, symbol),
  );
};

const cancelAllOrders: Handler = (ctx) => {
  symbolOf(ctx);
  for (const o of ctx.engine.ledger.orders().filter((x) => isOpenStatus(x.status)))
    ctx.engine.cancelOrder({ id: o.orderId });
  return { code: 200, msg: 'The operation of cancel all open order is done.' };
};

const cancelAllAlgos: Handler = (ctx) => {
  symbolOf(ctx);
  for (const a of ctx.engine.ledger.algos().filter((x) => x.algoStatus === 'NEW'))
    ctx.engine.cancelAlgo({ id: a.algoId });
  return { code: 200, msg: 'The operation of cancel all open order is done.' };
};

const userTrades: Handler = (ctx) => {
  const symbol = symbolOf(ctx);
  const limit = limitParam(ctx.params, 500, 1000);
  const orderId = integer(ctx.params, 'orderId');
  const fromId = integer(ctx.params, 'fromId');
  const rows = ctx.engine.ledger
    .trades()
    .filter(
      (t) => (orderId === undefined || t.orderId === orderId) && (fromId === undefined || t.id >= fromId),
    );
  return selectWindow(rows, (t) => t.time, ctx.params, limit, undefined).map((t) => tradeJson(t, symbol));
};

const income: Handler = (ctx) => {
  optionalSymbol(ctx);
  const type = ctx.params.get('incomeType');
  const limit = limitParam(ctx.params, 100, 1000);
  const rows = ctx.engine.ledger.income().filter((r) => type === null || r.incomeType === type);
  return selectWindow(rows, (r) => r.time, ctx.params, limit, undefined).map((r) => ({
    symbol: ctx.engine.instrument.symbol,
    incomeType: r.incomeType,
    income: r.income.toFixed(8),
    asset: 'USDT',
    info: r.incomeType,
    time: r.time,
    tranId: r.tranId,
    tradeId: r.tradeId,
  }));
};

const leverage: Handler = (ctx) => {
  const symbol = symbolOf(ctx);
  const value = requiredNumber(ctx.params, 'leverage');
  ctx.engine.setLeverage(value);
  const tier = ctx.engine.instrument.marginTiers.filter((t) => t.maxLeverage >= value).at(-1);
  return { leverage: value, maxNotionalValue: formatDecimal(tier?.notionalCap ?? 0), symbol };
};

const marginType: Handler = (ctx) => {
  symbolOf(ctx);
  const type = required(ctx.params, 'marginType');
  if (type !== 'ISOLATED' && type !== 'CROSSED') throw binanceErrors.illegalParameter('marginType');
  ctx.engine.setMarginType(type);
  return { code: 200, msg: 'success' };
};

const leverageBracket: Handler = (ctx) => {
  optionalSymbol(ctx);
  const row = {
    symbol: ctx.engine.instrument.symbol,
    notionalCoef: 1,
    brackets: ctx.engine.instrument.marginTiers.map((t, i) => ({
      bracket: i + 1,
      initialLeverage: t.maxLeverage,
      notionalCap: t.notionalCap,
      notionalFloor: t.notionalFloor,
      maintMarginRatio: t.mmr,
      cum: t.cum,
    })),
  };
  return ctx.params.get('symbol') === null ? [row] : row;
};

export const SIGNED_ROUTES: Readonly<Record<string, Handler>> = {
  'POST /fapi/v1/order': createOrder,
  'GET /fapi/v1/order': queryOrder,
  'DELETE /fapi/v1/order': cancelOrder,
  'GET /fapi/v1/openOrder': queryOrder,
  'GET /fapi/v1/openOrders': openOrders,
  'GET /fapi/v1/allOrders': allOrders,
  'DELETE /fapi/v1/allOpenOrders': cancelAllOrders,
  'POST /fapi/v1/algoOrder': createAlgo,
  'GET /fapi/v1/algoOrder': queryAlgo,
  'DELETE /fapi/v1/algoOrder': cancelAlgo,
  'GET /fapi/v1/openAlgoOrders': openAlgos,
  'GET /fapi/v1/allAlgoOrders': allAlgos,
  'DELETE /fapi/v1/algoOpenOrders': cancelAllAlgos,
  'GET /fapi/v1/userTrades': userTrades,
  'GET /fapi/v1/income': income,
  'GET /fapi/v2/positionRisk': (ctx) => positionRiskV2(ctx.engine),
  'GET /fapi/v3/positionRisk': (ctx) => positionRiskV3(ctx.engine),
  'GET /fapi/v2/account': (ctx) => accountJson(ctx.engine),
  'GET /fapi/v3/account': (ctx) => accountJson(ctx.engine),
  'GET /fapi/v2/balance': (ctx) => balanceJson(ctx.engine),
  'GET /fapi/v3/balance': (ctx) => balanceJson(ctx.engine),
  'POST /fapi/v1/leverage': leverage,
  'POST /fapi/v1/marginType': marginType,
  'GET /fapi/v1/leverageBracket': leverageBracket,
  'GET /fapi/v1/positionSide/dual': () => ({ dualSidePosition: false }),
  'GET /fapi/v1/multiAssetsMargin': () => ({ multiAssetsMargin: false }),
  'GET /fapi/v1/commissionRate': (ctx) => ({
    symbol: ctx.engine.instrument.symbol,
    makerCommissionRate: formatDecimal(ctx.engine.instrument.makerFee),
    takerCommissionRate: formatDecimal(ctx.engine.instrument.takerFee),
  }),
};
