import { NetworkError, type Order } from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SLIPPAGE } from '../execution/index.js';
import { type ExchangeDouble, startExchangeDouble } from './server.js';
import { NMR, type ProBinance, connectCcxt, flatBars, realNmr1m, until } from './test-helpers.js';

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function start(series = realNmr1m(30)): Promise<{ double: ExchangeDouble; ex: ProBinance }> {
  const double = await startExchangeDouble({
    series,
    slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
    log: () => {},
  });
  open.push(double);
  const ex = await connectCcxt(double);
  open.push(ex);
  await ex.loadMarkets();
  return { double, ex };
}

const subscribed = (double: ExchangeDouble, stream: string): Promise<void> =>
  until(() => double.webSocketStreams().includes(stream), `a subscription to ${stream}`);

describe('market streams through ccxt.pro (REAL NMRUSDT 1m candles, 2025-06-16 21:00 UTC on)', () => {
  it('watchOHLCV receives the replayed bar when it closes and the next one forming', async () => {
    const { double, ex } = await start();
    const watching = ex.watchOHLCV(NMR, '1m');
    await subscribed(double, 'nmrusdt@kline_1m');
    double.advance();
    const candles = await watching;
    // NMRUSDT_1m_UTC_derived.csv line 2: 7.947,7.952,7.947,7.951 (quote volume 632.8427 / close = 79.59 NMR).
    const first = candles.find((c) => c[0] === Date.UTC(2025, 5, 16, 21));
    expect(first?.slice(0, 5)).toEqual([Date.UTC(2025, 5, 16, 21), 7.947, 7.952, 7.947, 7.951]);
    expect(first?.[5]).toBeCloseTo(632.8427 / 7.951, 4);
  });

  it('watchTrades receives prints along the closed bar (open, low, high, close on an up bar)', async () => {
    const { double, ex } = await start();
    const watching = ex.watchTrades(NMR);
    await subscribed(double, 'nmrusdt@trade');
    double.advance();
    const trades = await watching;
    expect(trades.map((t) => t.price)).toEqual([7.947, 7.947, 7.952, 7.951]);
    expect(new Set(trades.map((t) => t.symbol))).toEqual(new Set([NMR]));
  });

  it('watchTicker (miniTicker) and watchTickers (ticker) receive the rolling 24 h ticker at each bar', async () => {
    const series = realNmr1m(30);
    const { double, ex } = await start(series);
    const mini = ex.watchTicker(NMR);
    await subscribed(double, 'nmrusdt@miniTicker');
    const full = ex.watchTickers([NMR], { name: 'ticker' });
    await subscribed(double, 'nmrusdt@ticker');
    double.advance();
    const expected = { symbol: NMR, last: series.open[1], open: series.open[0], high: series.high[0] };
    expect(await mini).toMatchObject(expected);
    expect((await full)[NMR]).toMatchObject(expected);
  });

  it('watchOrderBook starts from the REST snapshot, then applies the diff stream (U/u/pu) at the next bar', async () => {
    const { double, ex } = await start();
    const snapshot = await ex.watchOrderBook(NMR);
    // Bar 0 opens at 7.947: the synthetic book is one tick either side of it.
    expect([snapshot.bids[0]?.[0], snapshot.asks[0]?.[0]]).toEqual([7.946, 7.948]);
    const next = ex.watchOrderBook(NMR);
    double.advance(); // bar 1 opens at 7.95
    const book = await next;
    expect([book.bids[0]?.[0], book.asks[0]?.[0]]).toEqual([7.949, 7.951]);
    expect(book.bids, 'levels of the old book that are gone were removed (quantity 0)').toHaveLength(20);
    expect(book.asks).toHaveLength(20);
    expect(book.nonce).toBe(double.engine.book.updateId);
  });
});

describe('higher timeframes (REAL NMRUSDT 1m candles aggregated)', () => {
  it('serves 5m klines over REST and the stream, aggregated from the 1m bars visible so far', async () => {
    const series = realNmr1m(30);
    const { double, ex } = await start(series);
    double.advance(7); // bars 0-6 closed, bar 7 forming: the first 5m bar is complete
    const rest = await ex.fetchOHLCV(NMR, '5m');
    const first5 = series.slice(0, 5);
    expect(rest[0]).toEqual([
      series.time(0),
      first5.open[0],
      Math.max(...first5.high),
      Math.min(...first5.low),
      first5.close[4],
      expect.closeTo(
        first5.volume.reduce((a, b) => a + b, 0),
        6,
      ) as unknown as number,
    ]);
    expect(rest[1]?.[0], 'the second 5m bar is still forming').toBe(series.time(5));
    expect(rest[1]?.[4], 'its close is the open of the forming 1m bar').toBe(series.open[7]);
    const watching = ex.watchOHLCV(NMR, '5m');
    await subscribed(double, 'nmrusdt@kline_5m');
    double.advance();
    const streamed = await watching;
    expect(streamed.at(-1)?.[0]).toBe(series.time(5));
  });
});

describe('the user-data stream through ccxt.pro', () => {
  it('watchOrders, watchPositions and watchBalance receive the order, its fill and the account update', async () => {
    const { double, ex } = await start(flatBars(10, 10));
    const orders = ex.watchOrders(NMR);
    await until(() => double.webSocketStreams().includes('user'), 'the user-data connection');
    expect(double.requests.some((r) => r.method === 'POST' && r.path === '/fapi/v1/listenKey')).toBe(true);
    await ex.createOrder(NMR, 'market', 'buy', 20, undefined, { clientOrderId: 'ws-entry' });
    const [created] = await orders;
    expect(created).toMatchObject({ clientOrderId: 'ws-entry', side: 'buy', amount: 20 });
    // NEW and TRADE arrive back to back (a market order fills at once); ccxt merges them by order id.
    const cached = (): Order | undefined => (ex.orders as unknown as Order[] | undefined)?.[0];
    await until(() => cached()?.status === 'closed', 'the fill on the user-data stream');
    expect(cached()).toMatchObject({
      clientOrderId: 'ws-entry',
      status: 'closed',
      filled: 20,
      average: 10,
    });

    const positions = ex.watchPositions([NMR]);
    const balance = ex.watchBalance();
    await until(
      () => double.requests.some((r) => r.path === '/fapi/v3/positionRisk'),
      'the positions snapshot',
    );
    await ex.createOrder(NMR, 'market', 'buy', 20, undefined, { clientOrderId: 'ws-add' });
    const [position] = await positions;
    expect(position).toMatchObject({ symbol: NMR, contracts: 40, side: 'long', entryPrice: 10 });
    const b = await balance;
    expect(b.USDT?.total, '10,000 less the 0.05 % taker fee on 2 x 200').toBeCloseTo(9_999.8, 8);

    const stop = await ex.createOrder(NMR, 'STOP_MARKET', 'sell', 40, undefined, {
      stopPrice: 9,
      reduceOnly: true,
      clientOrderId: 'ws-stop',
    });
    const all = (): Order[] => (ex.orders as unknown as Order[] | undefined) ?? [];
    await until(() => all().some((o) => o.clientOrderId === 'ws-stop'), 'the ALGO_UPDATE of the stop');
    const update = all().find((o) => o.clientOrderId === 'ws-stop');
    expect(update, 'ALGO_UPDATE').toMatchObject({
      id: stop.id,
      clientOrderId: 'ws-stop',
      status: 'open',
      triggerPrice: 9,
    });
  });
});

describe('faults on the WebSocket side', () => {
  it('a dropped connection rejects the pending watch with a NetworkError, and the next watch reconnects', async () => {
    const { double, ex } = await start();
    const watching = ex.watchOHLCV(NMR, '1m');
    await subscribed(double, 'nmrusdt@kline_1m');
    double.dropWebSockets();
    await expect(watching).rejects.toThrow(NetworkError);
    const again = ex.watchOHLCV(NMR, '1m');
    await subscribed(double, 'nmrusdt@kline_1m');
    double.advance();
    expect((await again).length).toBeGreaterThan(0);
  });
});
