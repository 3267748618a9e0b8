import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { NMR, Opened, realNmr1m, startWithCcxt, until } from './test-helpers.js';

const opened = new Opened();
afterEach(() => opened.closeAll());

describe('REST market data through ccxt (REAL NMRUSDT 1m candles, 2025-06-16 21:00 UTC on)', () => {
  it('serves OHLCV up to the forming bar, the ticker, the book and the time', async () => {
    const series = realNmr1m(60);
    const { double, ex } = await startWithCcxt(opened, { series, startIndex: 10 });
    const ohlcv = await ex.fetchOHLCV(NMR, '1m');
    expect(ohlcv).toHaveLength(11);
    expect(ohlcv[0]?.slice(0, 5)).toEqual([series.time(0), 7.947, 7.952, 7.947, 7.951]);
    const forming = series.at(10);
    expect(ohlcv[10]?.slice(0, 6), 'the forming bar: its open only, no volume yet').toEqual([
      forming.openTime,
      forming.open,
      forming.open,
      forming.open,
      forming.open,
      0,
    ]);
    const ticker = await ex.fetchTicker(NMR);
    expect(ticker).toMatchObject({ symbol: NMR, last: forming.open, open: series.at(0).open });
    expect(ticker.high).toBe(Math.max(...series.slice(0, 10).high, forming.open));
    const book = await ex.fetchOrderBook(NMR, 5);
    expect(book.bids).toHaveLength(5);
    expect(book.asks[0]?.[0]).toBeCloseTo(forming.open + 0.001, 9);
    expect(await ex.fetchTime()).toBeGreaterThan(Date.UTC(2026, 0, 1));
    expect(double.state().time, 'replay time is the stored data time').toBe(forming.openTime);
  });
});

describe('kline windows (REAL NMRUSDT 1m candles)', () => {
  it('answers startTime + limit with the first bars from there, and endTime with the last ones before it', async () => {
    const series = realNmr1m(120);
    const { ex } = await startWithCcxt(opened, { series, startIndex: 100 });
    const since = await ex.fetchOHLCV(NMR, '1m', series.time(3), 4);
    expect(since.map((c) => c[0])).toEqual([3, 4, 5, 6].map((i) => series.time(i)));
    const until = await ex.fetchOHLCV(NMR, '5m', undefined, 2, { until: series.time(52) });
    expect(
      until.map((c) => c[0]),
      'the 5m bars opening at or before 52 min',
    ).toEqual([45, 50].map((i) => series.time(i)));
    const later = await ex.fetchOHLCV(NMR, '1m', series.time(101), 5);
    expect(later, 'nothing after the forming bar exists yet').toEqual([]);
  });
});

describe('listenKey', () => {
  it('keeps one key per account alive with PUT and closes its stream on DELETE', async () => {
    const { double } = await startWithCcxt(opened, { series: realNmr1m(5) });
    const headers = { 'X-MBX-APIKEY': double.credentials.apiKey };
    const post = async (): Promise<string> =>
      (
        (await (await fetch(`${double.url}/fapi/v1/listenKey`, { method: 'POST', headers })).json()) as {
          listenKey: string;
        }
      ).listenKey;
    const key = await post();
    expect(await post(), 'a second POST returns the same key').toBe(key);
    const noKey = await fetch(`${double.url}/fapi/v1/listenKey`, { method: 'POST' });
    expect(noKey.status).toBe(401);
    const ws = new WebSocket(`${double.wsUrl}/private/ws?listenKey=${key}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    const put = await fetch(`${double.url}/fapi/v1/listenKey?listenKey=${key}`, { method: 'PUT', headers });
    expect(await put.json()).toEqual({ listenKey: key });
    await fetch(`${double.url}/fapi/v1/listenKey?listenKey=${key}`, { method: 'DELETE', headers });
    expect(await closed).toBe(1000);
    await until(() => double.webSocketCount() === 0, 'the user stream to close');
    const stale = await fetch(`${double.url}/fapi/v1/listenKey?listenKey=${key}`, { method: 'PUT', headers });
    expect(await stale.json()).toEqual({ code: -1125, msg: 'This listenKey does not exist.' });
  });
});
