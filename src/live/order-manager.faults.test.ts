import { afterEach, describe, expect, it } from 'vitest';
import type { ClientOrderId, EpochMs, Fill, OrderRequest } from '../core/index.js';
import { OrderManager } from './order-manager.js';
import { MINUTE, NMR, RECV_WINDOW_MS, syntheticBars, T0, type Wired, wire } from './test-double.js';

const open: Wired[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

async function start(...args: Parameters<typeof wire>): Promise<Wired> {
  const w = await wire(...args);
  open.push(w);
  return w;
}

/** SYNTHETIC: flat at 10, except bar 1 which trades down to 9.8 (a 9.9 buy limit fills there). */
const BARS = syntheticBars([
  [10, 10, 10, 10],
  [10, 10, 9.8, 10],
  ...Array.from({ length: 8 }, () => [10, 10, 10, 10] as const),
]);

let seq = 0;
function order(side: 'buy' | 'sell', extra: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: `k-${++seq}` as ClientOrderId,
    symbol: NMR,
    side,
    type: 'market',
    quantity: 1,
    tag: 'entry',
    ...extra,
  };
}

const at = (minutes: number): EpochMs => (T0 + minutes * MINUTE) as EpochMs;

const posts = (w: Wired): { params: Record<string, string>; status: number }[] =>
  w.double.requests.filter((r) => r.method === 'POST' && r.path === '/fapi/v1/order');

function fillsOf(w: Wired): Fill[] {
  return w.manager.drainEvents().flatMap((e) => (e.type === 'fill' ? [e.fill] : []));
}

/** Polls (never a timed assertion) until `done` or 5 s of wall time. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}

/** Fills whatever is still working (market orders fill when the double next opens a bar), reads them back. */
async function fillAndRead(w: Wired): Promise<void> {
  await w.manager.settled();
  w.double.advance();
  await w.manager.refresh();
  await w.manager.settled();
}

describe('a create whose answer never came', () => {
  it('landed after the client gave up: found by its client id, never sent twice', async () => {
    const w = await start(BARS, { timeoutMs: 300 });
    w.double.faults.set({ latencyMs: 600 }); // answered after ccxt's 300 ms timeout, inside recvWindow
    const state = w.manager.submit(order('buy'), at(1), 10);
    expect(state.lifecycle, 'submit answers at once, the request already on the wire').toBe('submitted');
    await until(() => posts(w).length === 1);
    w.double.faults.set({ latencyMs: 0 });
    await fillAndRead(w);
    expect(posts(w).map((r) => [r.params['newClientOrderId'], r.status])).toEqual([
      [state.venueClientId, 200],
    ]);
    expect(
      w.double.requests.some(
        (r) =>
          r.method === 'GET' &&
          r.path === '/fapi/v1/order' &&
          r.params['origClientOrderId'] === state.venueClientId,
      ),
      'looked up by client id',
    ).toBe(true);
    expect(w.manager.orders().map((o) => [o.lifecycle, o.filledQuantity])).toEqual([['filled', 1]]);
    expect(w.double.state().position).toBe(1);
    expect(fillsOf(w)).toHaveLength(1);
  });

  it('never reached the exchange: re-sent once a lookup after the settle window finds nothing', async () => {
    const w = await start(BARS, { timeoutMs: 300 });
    w.double.faults.set({ timeout: { count: 1, paths: ['/fapi/v1/order'] } });
    const state = w.manager.submit(order('buy'), at(1), 10);
    await fillAndRead(w);
    expect(posts(w).map((r) => [r.params['newClientOrderId'], r.status])).toEqual([
      [state.venueClientId, 0], // unanswered, not executed
      [state.venueClientId, 200],
    ]);
    expect(w.double.state().position).toBe(1);
    expect(w.manager.orders()[0]?.lifecycle).toBe('filled');
  });
});

describe('rate limits', () => {
  it('rides out a 429 storm: pauses for Retry-After, then every order goes through exactly once', async () => {
    const w = await start(BARS);
    w.double.faults.set({ rateLimit: { count: 8, retryAfterSeconds: 0.1 } });
    const states = [0, 1, 2, 3, 4].map((i) => w.manager.submit(order(i % 2 ? 'sell' : 'buy'), at(1 + i), 10));
    await fillAndRead(w);
    expect(w.double.requests.filter((r) => r.status === 429)).toHaveLength(8);
    const accepted = posts(w)
      .filter((r) => r.status === 200)
      .map((r) => r.params['newClientOrderId']);
    expect(accepted.sort()).toEqual(states.map((s) => s.venueClientId).sort());
    expect(w.manager.orders().map((o) => o.lifecycle)).toEqual([
      'filled',
      'filled',
      'filled',
      'filled',
      'filled',
    ]);
    expect(w.double.state().position, '3 buys and 2 sells of 1 NMR').toBe(1);
    expect(w.logs.some((l) => /rate_limited .*pausing 100 ms/.test(l))).toBe(true);
  });
});

describe('random 5xx', () => {
  it('loses no fill and duplicates no order over 40 orders with 5 % of requests answered 503', async () => {
    const w = await start(BARS);
    w.double.faults.set({ http5xxRate: 0.05, seed: 2 });
    const states = Array.from({ length: 40 }, (_, i) =>
      w.manager.submit(order(i % 2 ? 'sell' : 'buy'), at(1 + i), 10),
    );
    await w.manager.settled();
    await fillAndRead(w);
    w.double.faults.clear();
    await w.manager.refresh(); // anything a 503 hid from the first read
    await w.manager.settled();
    // Seed 2 draws below 0.05 at the 20th, 25th and 39th request after it is set; which requests those
    // are depends on how reads interleave with the creates, so only "some creates failed" is asserted.
    expect(posts(w).filter((r) => r.status === 503).length, 'creates answered 503').toBeGreaterThan(0);
    const accepted = posts(w)
      .filter((r) => r.status === 200)
      .map((r) => r.params['newClientOrderId']);
    expect(new Set(accepted).size, 'no client id accepted twice').toBe(accepted.length);
    expect(accepted.sort()).toEqual(states.map((s) => s.venueClientId).sort());
    const fills = fillsOf(w);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(40);
    expect(fills.reduce((sum, f) => sum + f.quantity, 0)).toBe(40);
    expect(w.manager.orders().every((o) => o.lifecycle === 'filled')).toBe(true);
    expect(w.double.state().position, '20 buys and 20 sells').toBe(0);
    expect(w.manager.unresolved()).toEqual([]);
  });
});

describe('clock drift', () => {
  it('resyncs the time offset after -1021 and succeeds on the single retry', async () => {
    const w = await start(BARS);
    w.double.faults.set({ clockSkewMs: 5 * RECV_WINDOW_MS });
    const state = w.manager.submit(order('buy'), at(1), 10);
    await w.manager.settled();
    const path = w.double.requests
      .filter((r) => r.path === '/fapi/v1/order' || r.path === '/fapi/v1/time')
      .map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(path.slice(0, 3)).toEqual([
      'POST /fapi/v1/order 400',
      'GET /fapi/v1/time 200',
      'POST /fapi/v1/order 200',
    ]);
    expect(w.manager.order(state.clientOrderId)?.lifecycle).not.toBe('rejected');
    expect(w.logs.some((l) => l.includes('clock drift (-1021), resyncing time'))).toBe(true);
  });
});

describe('cancel against fill', () => {
  it('a cancel that meets an order filled a moment before is no error: the final state and its fill come back', async () => {
    const w = await start(BARS);
    const state = w.manager.submit(order('buy', { type: 'limit', price: 9.9 }), at(1), 10);
    await w.manager.settled();
    expect(w.manager.order(state.clientOrderId)?.lifecycle).toBe('acknowledged');
    w.double.advance(2); // bar 1 trades down to 9.8: the limit fills at 9.9 before our cancel arrives
    w.manager.cancel(state.clientOrderId, at(3));
    await w.manager.settled();
    const cancels = w.double.requests.filter((r) => r.method === 'DELETE' && r.path === '/fapi/v1/order');
    expect(cancels.map((r) => r.status)).toEqual([400]);
    expect(w.manager.order(state.clientOrderId)).toMatchObject({
      lifecycle: 'filled',
      filledQuantity: 1,
      averagePrice: 9.9,
    });
    expect(fillsOf(w).map((f) => [f.quantity, f.price, f.liquidity])).toEqual([[1, 9.9, 'maker']]);
    expect(w.manager.transitionErrors).toEqual([]);
    expect(w.manager.unresolved()).toEqual([]);
  });
});

describe('restart', () => {
  it('the same decision after a restart finds its order on the exchange instead of entering twice', async () => {
    const w = await start(BARS);
    const first = w.manager.submit(order('buy'), at(1), 10);
    await fillAndRead(w);
    // A new process: a new manager, the kernel repeats the decision at the same decision time.
    const again = new OrderManager({
      gateway: w.venue,
      clock: { now: () => at(1) },
      runId: 'live-test',
      stepSize: 0.1,
      recoverUntil: at(1),
    });
    const repeated = again.submit(order('buy'), at(1), 10);
    await again.settled();
    expect(repeated.venueClientId).toBe(first.venueClientId);
    expect(posts(w)).toHaveLength(1);
    expect(again.order(repeated.clientOrderId)).toMatchObject({ lifecycle: 'filled', filledQuantity: 1 });
    expect(w.double.state().position).toBe(1);
  });
});
