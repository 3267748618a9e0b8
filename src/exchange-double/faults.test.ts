import { DDoSProtection, ExchangeNotAvailable, RequestTimeout } from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_SLIPPAGE } from '../execution/index.js';
import type { FaultOptions } from './faults.js';
import { type ExchangeDouble, startExchangeDouble } from './server.js';
import { MINUTE, NMR, type ProBinance, T0, connectCcxt, flatBars, until } from './test-helpers.js';

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function start(faults: FaultOptions = {}): Promise<{ double: ExchangeDouble; ex: ProBinance }> {
  const double = await startExchangeDouble({
    series: flatBars(20, 10),
    slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
    faults,
    log: () => {},
  });
  open.push(double);
  const ex = await connectCcxt(double);
  open.push(ex);
  return { double, ex };
}

describe('HTTP faults', () => {
  it('answers 429 with Retry-After and Binance -1003 (ccxt: DDoSProtection), then recovers', async () => {
    const { double, ex } = await start({ rateLimit: { count: 2, retryAfterSeconds: 7 } });
    const raw = await fetch(`${double.url}/fapi/v1/ping`);
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(((await raw.json()) as { code: number }).code).toBe(-1003);
    await expect(ex.fetchTime()).rejects.toThrow(DDoSProtection);
    await expect(ex.fetchTime()).resolves.toBeTypeOf('number');
  });

  it('answers a bare 503 page (ccxt: ExchangeNotAvailable) and 504 (ccxt: RequestTimeout) on the paths named', async () => {
    const { double, ex } = await start();
    await ex.loadMarkets();
    double.faults.set({ http5xx: { count: 1, paths: ['/fapi/v3/account'] } });
    await expect(ex.fetchTime(), 'another path is not affected').resolves.toBeTypeOf('number');
    await expect(ex.fetchBalance()).rejects.toThrow(ExchangeNotAvailable);
    double.faults.set({ http5xx: { count: 1, status: 504 } });
    await expect(ex.fetchBalance()).rejects.toThrow(RequestTimeout);
    await expect(ex.fetchBalance()).resolves.toBeDefined();
  });

  it('leaves a request unanswered (ccxt times out), before executing it or, with afterExecution, after', async () => {
    const { double, ex } = await start();
    await ex.loadMarkets();
    ex.timeout = 300;
    double.faults.set({ timeout: { count: 1, paths: ['/fapi/v1/order'] } });
    await expect(ex.createOrder(NMR, 'limit', 'buy', 1, 9, { clientOrderId: 'slow-1' })).rejects.toThrow(
      RequestTimeout,
    );
    expect(double.requests.at(-1)).toMatchObject({ path: '/fapi/v1/order', status: 0 });
    expect(double.state().openOrders, 'an unanswered request was never executed').toBe(0);
    await expect(ex.fetchOrder('', NMR, { clientOrderId: 'slow-1' })).rejects.toThrow('Order does not exist');

    double.faults.set({ timeout: { count: 1, paths: ['/fapi/v1/order'], afterExecution: true } });
    await expect(ex.createOrder(NMR, 'limit', 'buy', 1, 9, { clientOrderId: 'slow-2' })).rejects.toThrow(
      RequestTimeout,
    );
    expect(double.state().openOrders, 'afterExecution: the order was placed, only its answer was lost').toBe(
      1,
    );
    await expect(ex.fetchOrder('', NMR, { clientOrderId: 'slow-2' })).resolves.toMatchObject({
      clientOrderId: 'slow-2',
      status: 'open',
    });
  });

  it('delays answers by latencyMs (a client timeout shorter than the latency fails)', async () => {
    const { double, ex } = await start();
    ex.timeout = 100;
    double.faults.set({ latencyMs: 400 });
    await expect(ex.fetchTime()).rejects.toThrow(RequestTimeout);
    double.faults.set({ latencyMs: 0 });
    await expect(ex.fetchTime()).resolves.toBeTypeOf('number');
  });

  it('fails a seeded share of requests with 503: reproducible for one seed, all at rate 1, none at rate 0', async () => {
    const pattern = async (faults: FaultOptions, n: number): Promise<number[]> => {
      const { double } = await start(faults);
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await fetch(`${double.url}/fapi/v1/ping`)).status);
      return out;
    };
    const a = await pattern({ http5xxRate: 0.05, seed: 7 }, 200);
    const b = await pattern({ http5xxRate: 0.05, seed: 7 }, 200);
    expect(a).toEqual(b);
    const failed = a.filter((s) => s === 503).length;
    expect(failed, '5 % of 200 on seed 7').toBeGreaterThan(2);
    expect(failed).toBeLessThan(20);
    expect(new Set(await pattern({ http5xxRate: 1 }, 10))).toEqual(new Set([503]));
    expect(new Set(await pattern({ http5xxRate: 0 }, 10))).toEqual(new Set([200]));
  });
});

/** A raw `ws` client on one stream; `messages` collects every text frame. */
async function rawClient(
  double: ExchangeDouble,
  path: string,
): Promise<{ ws: WebSocket; messages: unknown[] }> {
  const ws = new WebSocket(`${double.wsUrl}${path}`);
  const messages: unknown[] = [];
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8'))));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  open.push({ close: () => Promise.resolve(ws.close()) });
  return { ws, messages };
}

/** Sends LIST_SUBSCRIPTIONS and waits for its answer: every message queued before it has arrived. */
async function flush(client: { ws: WebSocket; messages: unknown[] }, id: number): Promise<void> {
  client.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id }));
  await until(() => client.messages.some((m) => (m as { id?: number }).id === id), `reply ${id}`);
}

const klines = (messages: unknown[]): unknown[] =>
  messages.filter((m) => (m as { e?: string }).e === 'kline');

describe('WebSocket faults (raw ws client on /ws/nmrusdt@kline_1m)', () => {
  it('sends each market message once, twice at wsDuplicateRate 1, and never at wsDropRate 1', async () => {
    const { double } = await start();
    const client = await rawClient(double, '/ws/nmrusdt@kline_1m');
    double.advance();
    await flush(client, 1);
    expect(klines(client.messages), 'the closed bar and the next one forming').toHaveLength(2);

    double.faults.set({ wsDuplicateRate: 1 });
    double.advance();
    await flush(client, 2);
    expect(klines(client.messages)).toHaveLength(6);

    double.faults.set({ wsDuplicateRate: 0, wsDropRate: 1 });
    double.advance();
    await flush(client, 3);
    expect(klines(client.messages), 'control replies still arrive, market data does not').toHaveLength(6);
  });

  it("keeps a socket's messages in order under latency with jitter", async () => {
    const { double } = await start({ latencyMs: 2, latencyJitterMs: 15, seed: 3 });
    const client = await rawClient(double, '/ws/nmrusdt@kline_1m');
    double.advance(5);
    await flush(client, 1);
    const opens = klines(client.messages).map((m) => (m as { k: { t: number } }).k.t);
    expect(opens).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 5].map((i) => T0 + i * MINUTE));
  });

  it('answers SUBSCRIBE frames and wraps combined streams as {stream, data}', async () => {
    const { double } = await start();
    const combined = await rawClient(double, '/stream?streams=nmrusdt@markPrice/nmrusdt@aggTrade');
    const plain = await rawClient(double, '/market/ws/0');
    plain.ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['nmrusdt@markPrice@1s'], id: 9 }));
    await until(() => plain.messages.some((m) => (m as { id?: number }).id === 9), 'the SUBSCRIBE reply');
    expect(plain.messages[0]).toEqual({ result: null, id: 9 });
    double.advance();
    await flush(combined, 1);
    await flush(plain, 2);
    expect(combined.messages).toContainEqual({
      stream: 'nmrusdt@markPrice',
      data: expect.objectContaining({ e: 'markPriceUpdate', s: 'NMRUSDT', p: '10' }) as unknown,
    });
    expect(plain.messages.filter((m) => (m as { e?: string }).e === 'markPriceUpdate')).toHaveLength(1);
  });
});
