import { timeframeMs } from '../core/index.js';
import type { Candle } from '../data/index.js';
import type { MarketEvent, UserEvent } from './exchange-double.types.js';
import type { ExchangeEngine } from './exchange-engine.js';
import type { Level } from './synthetic-book.js';
import { formatDecimal, money } from './wire-format.js';

/** WebSocket payloads in Binance USD-M's shapes (the fields ccxt.pro's binance handlers read). */

type Payload = Record<string, unknown>;

/** The bar of `interval` containing source bar `index`, from the bars visible now (higher timeframes aggregate). */
function bucket(
  engine: ExchangeEngine,
  index: number,
  intervalMs: number,
): { candle: Candle; closed: boolean } | undefined {
  const r = engine.replay;
  const t = r.series.time(index);
  const start = Math.floor(t / intervalMs) * intervalMs;
  const bars: Candle[] = [];
  for (let i = r.series.lowerBound(start); i <= index; i++) {
    const c = r.visible(i);
    if (c) bars.push(c);
  }
  const [first] = bars;
  const last = bars.at(-1);
  if (!first || !last) return undefined;
  const candle: Candle = {
    openTime: start as Candle['openTime'],
    open: first.open,
    high: Math.max(...bars.map((c) => c.high)),
    low: Math.min(...bars.map((c) => c.low)),
    close: last.close,
    volume: bars.reduce((sum, c) => sum + c.volume, 0),
  };
  const closed = index < r.formingIndex && r.series.closeTime(index) >= start + intervalMs;
  return { candle, closed };
}

export function klinePayload(
  engine: ExchangeEngine,
  e: Extract<MarketEvent, { type: 'kline' }>,
  interval: string,
): Payload | undefined {
  const intervalMs = timeframeMs(interval as Parameters<typeof timeframeMs>[0]);
  const b = bucket(engine, e.index, intervalMs);
  if (!b) return undefined;
  const c = b.candle;
  const symbol = engine.instrument.symbol;
  return {
    e: 'kline',
    E: e.time,
    s: symbol,
    k: {
      t: c.openTime,
      T: c.openTime + intervalMs - 1,
      s: symbol,
      i: interval,
      f: 0,
      L: 0,
      o: formatDecimal(c.open),
      c: formatDecimal(c.close),
      h: formatDecimal(c.high),
      l: formatDecimal(c.low),
      v: formatDecimal(c.volume),
      n: 0,
      x: b.closed,
      q: money(c.volume * c.close),
      V: '0',
      Q: '0',
      B: '0',
    },
  };
}

export function tradePayload(
  symbol: string,
  e: Extract<MarketEvent, { type: 'trade' }>,
  aggregate: boolean,
): Payload {
  const base = {
    E: e.time,
    T: e.time,
    s: symbol,
    p: formatDecimal(e.price),
    q: formatDecimal(e.qty),
    m: e.buyerMaker,
  };
  return aggregate
    ? { e: 'aggTrade', a: e.id, f: e.id, l: e.id, ...base }
    : { e: 'trade', t: e.id, X: 'MARKET', ...base };
}

/** A diff between two book snapshots: every level of the new one, and the old prices gone (quantity 0). */
function diff(previous: readonly Level[], current: readonly Level[]): Level[] {
  const now = new Set(current.map((l) => l[0]));
  return [...current, ...previous.filter((l) => !now.has(l[0])).map((l): Level => [l[0], '0'])];
}

export function depthPayload(
  symbol: string,
  e: Extract<MarketEvent, { type: 'book' }>,
  levels: number | undefined,
): Payload {
  const { previous, current } = e;
  const ids = { U: current.updateId, u: current.updateId, pu: previous.updateId };
  return levels === undefined
    ? {
        e: 'depthUpdate',
        E: e.time,
        T: e.time,
        s: symbol,
        ...ids,
        b: diff(previous.bids, current.bids),
        a: diff(previous.asks, current.asks),
      }
    : {
        e: 'depthUpdate',
        E: e.time,
        T: e.time,
        s: symbol,
        ...ids,
        b: current.bids.slice(0, levels),
        a: current.asks.slice(0, levels),
      };
}

export function bookTickerPayload(symbol: string, e: Extract<MarketEvent, { type: 'book' }>): Payload {
  const [bid] = e.current.bids;
  const [ask] = e.current.asks;
  return {
    e: 'bookTicker',
    u: e.current.updateId,
    E: e.time,
    T: e.time,
    s: symbol,
    b: bid?.[0] ?? '0',
    B: bid?.[1] ?? '0',
    a: ask?.[0] ?? '0',
    A: ask?.[1] ?? '0',
  };
}

export function markPricePayload(engine: ExchangeEngine, time: number): Payload {
  const p = formatDecimal(engine.replay.lastPrice);
  return {
    e: 'markPriceUpdate',
    E: time,
    s: engine.instrument.symbol,
    p,
    ap: p,
    i: p,
    P: p,
    r: engine.funding.lastRate(time).toFixed(8),
    T: engine.funding.nextTime(time),
  };
}

export function userPayload(engine: ExchangeEngine, e: UserEvent): Payload {
  const symbol = engine.instrument.symbol;
  if (e.type === 'order') {
    const o = e.order;
    const t = e.trade;
    return {
      e: 'ORDER_TRADE_UPDATE',
      E: e.time,
      T: e.time,
      o: {
        s: symbol,
        c: o.clientOrderId,
        S: o.side,
        o: o.type,
        f: o.timeInForce,
        q: formatDecimal(o.origQty),
        p: formatDecimal(o.price),
        ap: formatDecimal(o.executedQty > 0 ? o.cumQuote / o.executedQty : 0),
        sp: formatDecimal(o.stopPrice),
        x: e.execution,
        X: o.status,
        i: o.orderId,
        l: formatDecimal(t?.qty ?? 0),
        z: formatDecimal(o.executedQty),
        L: formatDecimal(t?.price ?? 0),
        N: 'USDT',
        n: money(t?.commission ?? 0),
        T: e.time,
        t: t?.id ?? 0,
        b: '0',
        a: '0',
        m: t?.maker ?? false,
        R: o.reduceOnly,
        wt: 'CONTRACT_PRICE',
        ot: o.origType,
        ps: 'BOTH',
        cp: o.closePosition,
        rp: money(t?.realizedPnl ?? 0),
        pP: false,
        si: 0,
        ss: 0,
        V: 'EXPIRE_MAKER',
        pm: 'NONE',
        gtd: 0,
      },
    };
  }
  if (e.type === 'algo') {
    const a = e.algo;
    const order =
      a.actualOrderId === undefined ? undefined : engine.ledger.findOrder({ id: a.actualOrderId });
    return {
      e: 'ALGO_UPDATE',
      E: e.time,
      T: e.time,
      o: {
        caid: a.clientAlgoId,
        aid: a.algoId,
        at: 'CONDITIONAL',
        o: a.orderType,
        s: symbol,
        S: a.side,
        ps: 'BOTH',
        f: 'GTC',
        q: formatDecimal(a.quantity),
        X: a.algoStatus,
        ai: a.actualOrderId === undefined ? '' : String(a.actualOrderId),
        ap: formatDecimal(order && order.executedQty > 0 ? order.cumQuote / order.executedQty : 0),
        aq: formatDecimal(order?.executedQty ?? 0),
        act: order ? order.type : '0',
        tp: formatDecimal(a.triggerPrice),
        p: '0',
        V: 'EXPIRE_MAKER',
        wt: a.workingType,
        pm: 'NONE',
        cp: a.closePosition,
        pP: false,
        R: a.reduceOnly,
        tt: a.triggerTime,
        gtd: 0,
      },
    };
  }
  const p = engine.portfolio.position(symbol);
  const wallet = engine.portfolio.walletBalance;
  return {
    e: 'ACCOUNT_UPDATE',
    E: e.time,
    T: e.time,
    a: {
      m: e.reason,
      B: [{ a: 'USDT', wb: money(wallet), cw: money(wallet - engine.portfolio.marginUsed()), bc: '0' }],
      P: [
        {
          s: symbol,
          pa: formatDecimal(p?.quantity ?? 0),
          ep: formatDecimal(p?.entryPrice ?? 0),
          bep: formatDecimal(p?.entryPrice ?? 0),
          cr: money(p?.realisedPnl ?? 0),
          up: money(engine.portfolio.unrealisedPnl(symbol)),
          mt: 'isolated',
          iw: money(p?.isolatedMargin ?? 0),
          ps: 'BOTH',
        },
      ],
    },
  };
}
