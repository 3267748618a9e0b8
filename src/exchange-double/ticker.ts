import type { ExchangeEngine } from './exchange-engine.js';
import { formatDecimal, money } from './wire-format.js';

/** The rolling 24 h statistics of `/fapi/v1/ticker/24hr`, over the closed bars and the forming open. */
export function ticker24h(e: ExchangeEngine): Record<string, string | number> {
  const r = e.replay;
  const now = e.now();
  const first = Math.max(0, r.series.lowerBound(now - 86_400_000));
  let high = r.lastPrice;
  let low = r.lastPrice;
  let volume = 0;
  let quote = 0;
  for (let i = first; i < r.formingIndex; i++) {
    const c = r.series.at(i);
    high = Math.max(high, c.high);
    low = Math.min(low, c.low);
    volume += c.volume;
    quote += c.volume * c.close;
  }
  const open = r.series.at(first).open;
  return {
    symbol: e.instrument.symbol,
    priceChange: formatDecimal(r.lastPrice - open),
    priceChangePercent: (((r.lastPrice - open) / open) * 100).toFixed(3),
    weightedAvgPrice: formatDecimal(volume > 0 ? quote / volume : r.lastPrice),
    lastPrice: formatDecimal(r.lastPrice),
    lastQty: '0',
    openPrice: formatDecimal(open),
    highPrice: formatDecimal(high),
    lowPrice: formatDecimal(low),
    volume: formatDecimal(volume),
    quoteVolume: money(quote),
    openTime: r.series.time(first),
    closeTime: now,
    firstId: 0,
    lastId: 0,
    count: 0,
  };
}

/** The same statistics as a `<symbol>@ticker` stream event (24hrTicker). */
export function tickerPayload(e: ExchangeEngine, time: number): Record<string, unknown> {
  const t = ticker24h(e);
  return {
    e: '24hrTicker',
    E: time,
    s: t.symbol,
    p: t.priceChange,
    P: t.priceChangePercent,
    w: t.weightedAvgPrice,
    c: t.lastPrice,
    Q: t.lastQty,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    v: t.volume,
    q: t.quoteVolume,
    O: t.openTime,
    C: t.closeTime,
    F: 0,
    L: 0,
    n: 0,
  };
}

/** The `<symbol>@miniTicker` event (24hrMiniTicker): what ccxt's watchTicker follows by default. */
export function miniTickerPayload(e: ExchangeEngine, time: number): Record<string, unknown> {
  const t = ticker24h(e);
  return {
    e: '24hrMiniTicker',
    E: time,
    s: t.symbol,
    c: t.lastPrice,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    v: t.volume,
    q: t.quoteVolume,
  };
}
