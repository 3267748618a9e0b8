import ccxt, { type Exchange } from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../config/index.js';
import { WallClock } from '../../core/index.js';
import { CandleSeriesBuilder } from '../../data/index.js';
import { DEFAULT_SLIPPAGE } from '../../execution/index.js';
import { connectCcxt } from '../../live/ccxt-connect.js';
import { type BybitDouble, bybitClientOptions, startBybitDouble } from './index.js';

const NMR = 'NMR/USDT:USDT';
const T0 = Date.UTC(2025, 0, 6, 12);
const KEY = 'bybit-key';
const SECRET = 'bybit-secret';

/** SYNTHETIC 1m bars: flat at 10 for 4 bars, bar 4 dips to 9.4 and closes 9.6, then flat at 9.6. */
function bars(): ReturnType<CandleSeriesBuilder['build']> {
  const rows = [
    [10, 10, 10, 10],
    [10, 10, 10, 10],
    [10, 10, 10, 10],
    [10, 10, 10, 10],
    [10, 10, 9.4, 9.6],
    [9.6, 9.6, 9.6, 9.6],
  ] as const;
  const b = new CandleSeriesBuilder('1m', rows.length);
  rows.forEach(([o, h, l, c], i) => b.push(T0 + i * 60_000, o, h, l, c, 1_000));
  return b.build();
}

const running: { double: BybitDouble; exchange: Exchange }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.exchange.close();
    await r.double.close();
  }
});

async function start(secret = SECRET): Promise<{ double: BybitDouble; exchange: Exchange }> {
  const double = await startBybitDouble({
    series: bars(),
    slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
    credentials: { apiKey: KEY, secret: SECRET },
    log: () => undefined,
  });
  const { exchange } = await connectCcxt({
    exchangeId: 'bybit',
    clock: new WallClock(),
    credentials: { apiKey: new Secret(KEY), apiSecret: new Secret(secret) },
    baseUrl: double.url,
    timeoutMs: 2000,
  });
  exchange.enableRateLimit = false;
  bybitClientOptions(exchange);
  const r = { double, exchange };
  running.push(r);
  return r;
}

describe('Bybit V5 double: signature and public data through the real ccxt bybit client', () => {
  it('refuses a request signed with another secret (10004) and one older than recv_window (10002)', async () => {
    const { exchange, double } = await start('not-the-secret');
    await exchange.loadMarkets().catch(() => undefined); // coin info is private: refused too
    await expect(exchange.fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    const good = await start();
    await good.exchange.loadMarkets();
    (good.exchange as unknown as { nonce: () => number }).nonce = () => Date.now() - 60_000;
    await expect(good.exchange.fetchBalance()).rejects.toBeInstanceOf(ccxt.InvalidNonce);
    expect(double.requests.map((r) => r.retCode)).toContain(10004);
    expect(good.double.requests.at(-1)).toMatchObject({ path: '/v5/account/wallet-balance', retCode: 10002 });
  });

  it('answers fetchTime and fetchOHLCV: closed bars whole, the forming one at its open', async () => {
    const { exchange, double } = await start();
    const before = Date.now();
    const time = await exchange.fetchTime();
    expect(time).toBeGreaterThanOrEqual(before - 1000);
    double.advance(2); // bars 0 and 1 closed, bar 2 forming
    const candles = await exchange.fetchOHLCV(NMR, '1m', T0, 10);
    expect(candles).toEqual([
      [T0, 10, 10, 10, 10, 1000],
      [T0 + 60_000, 10, 10, 10, 10, 1000],
      [T0 + 120_000, 10, 10, 10, 10, 0],
    ]);
    double.advance(3); // bar 4 (the dip) closed
    const last = await exchange.fetchOHLCV(NMR, '1m', undefined, 2);
    expect(last).toEqual([
      [T0 + 240_000, 10, 10, 9.4, 9.6, 1000],
      [T0 + 300_000, 9.6, 9.6, 9.6, 9.6, 0],
    ]);
  });
});

describe('Bybit V5 double: a stop loss attached to a market entry', () => {
  it('fills the entry, keeps the attached StopLoss open, and closes the position when it triggers', async () => {
    const { exchange, double } = await start();
    await exchange.loadMarkets();
    // At the default 20x the long is liquidated near 9.69, before the stop: 5x keeps it to the stop.
    await exchange.setLeverage(5, NMR);
    const entry = await exchange.createOrder(NMR, 'market', 'buy', 40, undefined, {
      clientOrderId: 'nb-attached',
      stopLoss: { triggerPrice: 9.5 },
    });
    expect(double.requests.at(-1)).toMatchObject({
      path: '/v5/order/create',
      params: { orderLinkId: 'nb-attached', qty: '40', stopLoss: '9.5' },
      retCode: 0,
    });
    const stops = await exchange.fetchOpenOrders(NMR, undefined, undefined, { trigger: true });
    expect(stops.map((o) => [o.side, o.amount, o.triggerPrice, o.reduceOnly, o.status])).toEqual([
      ['sell', 40, 9.5, true, 'open'],
    ]);
    expect(stops[0]?.info).toMatchObject({ stopOrderType: 'StopLoss', orderLinkId: '' });
    const [long] = await exchange.fetchPositions([NMR]);
    expect([long?.side, long?.contracts, long?.entryPrice]).toEqual(['long', 40, 10]);

    double.advance(5); // bar 4's dip to 9.4 crosses 9.5
    const trades = await exchange.fetchMyTrades(NMR);
    expect(trades.map((t) => [t.order, t.side, t.amount, t.price])).toEqual([
      [entry.id, 'buy', 40, 10],
      [stops[0]?.id, 'sell', 40, 9.5],
    ]);
    // taker 0.055 %: 400 × 0.00055 = 0.22 and 380 × 0.00055 = 0.209
    expect(trades.map((t) => t.fee?.cost)).toEqual([0.22, 0.209]);
    const flat = await exchange.fetchPositions([NMR]);
    expect(flat.filter((p) => (p.contracts ?? 0) !== 0)).toEqual([]);
    const balance = await exchange.fetchBalance();
    expect(balance['USDT']?.total).toBeCloseTo(10_000 - 20 - 0.429, 9);
    const stop = await exchange.fetchOrder(stops[0]?.id ?? '', NMR, { acknowledged: true, trigger: true });
    expect([stop.status, stop.filled, stop.average]).toEqual(['closed', 40, 9.5]);
  });

  it('refuses a long whose attached stop is above the last price (10001)', async () => {
    const { exchange } = await start();
    await exchange.loadMarkets();
    await expect(
      exchange.createOrder(NMR, 'market', 'buy', 40, undefined, { stopLoss: { triggerPrice: 10.5 } }),
    ).rejects.toThrow(/10001/);
  });
});
