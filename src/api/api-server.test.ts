import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, type ClientOrderId, type EpochMs } from '../core/index.js';
import { createApiServer, type ApiServer, type ApiServerOptions } from './api-server.js';
import { InMemoryControls } from './in-memory-controls.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { SessionStateTracker } from './session-state-tracker.js';
import { StreamClient } from './test-helpers.js';

const TOKEN_ENV = 'NMRBOT_TEST_API_TOKEN';
const TOKEN = 'test-token-7f3a9c';
const SYMBOL = 'NMR/USDT:USDT';
// Saturday 2025-01-11 12:00 UTC: the weekend rule refuses manual entries then (synthetic clock).
const SATURDAY = Date.UTC(2025, 0, 11, 12) as EpochMs;

let server: ApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function setUp(overrides: Partial<ApiServerOptions> = {}) {
  const state = new SessionStateTracker({
    startingEquity: 1000,
    leverage: 2,
    leverageCap: 3,
    marginCapFraction: 0.4,
  });
  const controls = new InMemoryControls({
    now: () => SATURDAY,
    checkManual: (order, now) =>
      new Date(now).getUTCDay() === 6 && order.quantity > 50
        ? {
            refused: 'weekend_manual',
            message: `weekend: manual entries above 50 NMR refused, asked ${order.quantity}`,
          }
        : { ok: true },
  });
  return {
    state,
    controls,
    options: { state, controls, tokenEnv: TOKEN_ENV, env: { [TOKEN_ENV]: TOKEN }, ...overrides },
  };
}

async function start(overrides: Partial<ApiServerOptions> = {}) {
  const parts = setUp(overrides);
  server = await createApiServer(parts.options);
  return { ...parts, url: server.url };
}

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });

describe('createApiServer reads', () => {
  it('serves the tracker state, trades, risk decisions and health over real HTTP', async () => {
    const { state, url } = await start();
    state.onFill({
      tradeId: 'f1',
      clientOrderId: 'c1' as ClientOrderId,
      symbol: SYMBOL,
      time: SATURDAY,
      side: 'buy',
      quantity: 10,
      price: 10,
      fee: 0.04,
      liquidity: 'taker',
      slippageCost: 0,
      reduceOnly: false,
    });
    const body = (await (await fetch(`${url}/api/state`)).json()) as {
      positions: unknown[];
      account: { fees: number };
    };
    expect(body.positions).toEqual([
      { symbol: SYMBOL, quantity: 10, entryPrice: 10, markPrice: 10, leverage: 2, unrealisedPnl: 0 },
    ]);
    expect(body.account.fees).toBe(0.04);
    expect(await (await fetch(`${url}/api/trades?limit=5`)).json()).toEqual({ trades: [] });
    expect(await (await fetch(`${url}/api/risk-decisions`)).json()).toEqual({ decisions: [] });
    expect(await (await fetch(`${url}/api/health`)).json()).toEqual({
      status: 'ok',
      unhealthyFeeds: [],
      time: SATURDAY,
    });
  });

  it('sets the security headers on every response, errors included', async () => {
    const { url } = await start();
    for (const response of [
      await fetch(`${url}/api/state`),
      await fetch(`${url}/nowhere`),
      await post(`${url}/api/pause`, {}),
    ]) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect(response.headers.get(name), `${name} on ${response.url} ${response.status}`).toBe(value);
      }
    }
  });

  it('answers a bad query with 400 naming the field', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/trades?limit=0`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^query\.limit: /);
    const unknown = await fetch(`${url}/api/risk-decisions?limit=2&rule=x`);
    expect(((await unknown.json()) as { error: string }).error).toBe('query: unknown field(s) rule');
  });

  it('mounts the Prometheus registry at /metrics with the security headers', async () => {
    const registry = new Registry();
    new Counter({ name: 'nmrbot_test_total', help: 'test', registers: [registry] }).inc(3);
    const { url } = await start({ metrics: registry });
    const response = await fetch(`${url}/metrics`);
    expect(await response.text()).toContain('nmrbot_test_total 3');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a Host header other than loopback (DNS rebinding)', async () => {
    const { url } = await start();
    const { status } = await new Promise<{ status: number }>((resolve, reject) => {
      // fetch does not let a caller set Host; node:http does.
      void import('node:http').then(({ request }) => {
        const req = request(`${url}/api/state`, { headers: { host: 'evil.example' } }, (res) =>
          resolve({ status: res.statusCode ?? 0 }),
        );
        req.on('error', reject);
        req.end();
      });
    });
    expect(status).toBe(421);
  });
});

describe('createApiServer control', () => {
  it('runs pause, resume and flatten with the right token', async () => {
    const { controls, url } = await start();
    for (const path of ['pause', 'resume', 'flatten']) {
      const response = await post(`${url}/api/${path}`, {}, TOKEN);
      expect(response.status, path).toBe(200);
    }
    expect(controls.calls.map((c) => c.kind)).toEqual(['pause', 'resume', 'flattenAll']);
  });

  it('refuses a wrong or missing token with a bare 401 that does not echo the token', async () => {
    const { controls, url } = await start();
    const wrong = await post(`${url}/api/pause`, {}, 'not-the-token');
    const missing = await post(`${url}/api/flatten`, {});
    const malformed = await fetch(`${url}/api/pause`, { method: 'POST', headers: { authorization: TOKEN } });
    for (const response of [wrong, missing, malformed]) {
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(text).toBe('{"error":"unauthorized"}');
    }
    expect(controls.calls).toEqual([]);
  });

  it('disables control with 403 naming the variable when no token is configured; reads still work', async () => {
    const { controls, url } = await start({ env: {} });
    const response = await post(`${url}/api/pause`, {}, TOKEN);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: `control is disabled: set the environment variable ${TOKEN_ENV}`,
    });
    expect((await fetch(`${url}/api/state`)).status).toBe(200);
    expect(controls.calls).toEqual([]);
  });

  it('places a manual order that passes the risk check and returns the rule of one that does not', async () => {
    const { controls, url } = await start();
    const accepted = await post(
      `${url}/api/orders`,
      { side: 'buy', quantity: 5, note: 'dip', mood: 'calm', confidence: 3 },
      TOKEN,
    );
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ ok: true, detail: 'buy 5 queued' });
    const refused = await post(`${url}/api/orders`, { side: 'sell', quantity: 80, note: 'fomo' }, TOKEN);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({
      refused: 'weekend_manual',
      error: 'weekend: manual entries above 50 NMR refused, asked 80',
    });
    expect(controls.calls).toEqual([
      {
        kind: 'manualOrder',
        order: { side: 'buy', quantity: 5, note: 'dip', mood: 'calm', confidence: 3 },
        accepted: true,
      },
      { kind: 'manualOrder', order: { side: 'sell', quantity: 80, note: 'fomo' }, accepted: false },
    ]);
  });

  it('answers bad order bodies with 400 naming each field, and never reaches the controls', async () => {
    const { controls, url } = await start();
    const cases: [unknown, RegExp][] = [
      [{ side: 'hold', quantity: 1, note: 'x' }, /^body\.side: /],
      [{ side: 'buy', quantity: -1, note: 'x' }, /^body\.quantity: /],
      [{ side: 'buy', quantity: 1 }, /^body\.note: /],
      [{ side: 'buy', quantity: 1, note: 'x', confidence: 9 }, /^body\.confidence: /],
      [{ side: 'buy', quantity: 1, note: 'x', leverage: 50 }, /^body: unknown field\(s\) leverage$/],
    ];
    for (const [body, expected] of cases) {
      const response = await post(`${url}/api/orders`, body, TOKEN);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(expected);
    }
    const pauseWithBody = await post(`${url}/api/pause`, { now: true }, TOKEN);
    expect(((await pauseWithBody.json()) as { error: string }).error).toBe('body: unknown field(s) now');
    expect(controls.calls).toEqual([]);
  });

  it('checks the token before reading the body: unauthenticated junk gets 401, not a parse error', async () => {
    const { url } = await start();
    const junk = await fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
      body: '{"side": ',
    });
    expect([junk.status, await junk.text()]).toEqual([401, '{"error":"unauthorized"}']);
    const authed = await fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{"side": ',
    });
    expect(authed.status).toBe(400);
    expect(await authed.text()).not.toContain(TOKEN);
  });

  it('refuses a body above the size limit with 413', async () => {
    const { url } = await start({ bodyLimit: 256 });
    const response = await post(
      `${url}/api/orders`,
      { side: 'buy', quantity: 1, note: 'x'.repeat(400) },
      TOKEN,
    );
    expect(response.status).toBe(413);
  });
});

describe('createApiServer binding', () => {
  it('refuses 0.0.0.0 without allowRemote, saying why', async () => {
    const { options } = setUp({ host: '0.0.0.0' });
    const error = await createApiServer(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^server\.host: refusing to listen on 0\.0\.0\.0: the API can pause trading/,
    );
  });
});

describe('createApiServer stream', () => {
  it('pushes a snapshot on connect and after observer events to every client', async () => {
    const { state, url } = await start({ stream: { throttleMs: 20 } });
    const wsUrl = `${url.replace('http', 'ws')}/api/stream`;
    const clients = await Promise.all([StreamClient.connect(wsUrl), StreamClient.connect(wsUrl)]);
    for (const client of clients) expect((await client.next(() => true)).state.version).toBe(0);
    state.setMarkPrice(10, SATURDAY);
    state.onRiskDecision({
      time: SATURDAY,
      symbol: SYMBOL,
      rule: 'weekend_manual',
      outcome: 'refused',
      message: 'weekend',
      numbers: {},
      origin: 'manual',
    });
    for (const client of clients) {
      const pushed = await client.next((m) => m.state.version === 2);
      expect(pushed.state.refusedDecisions.map((d) => d.rule)).toEqual(['weekend_manual']);
    }
    await Promise.all(clients.map((c) => c.close()));
  });

  it('refuses a cross-origin WebSocket', async () => {
    const { url } = await start();
    const socket = new WebSocket(`${url.replace('http', 'ws')}/api/stream`, {
      headers: { origin: 'http://evil.example' },
    });
    const code = await new Promise<number>((resolve) => socket.on('close', (c: number) => resolve(c)));
    expect(code).toBe(1008);
  });
});
