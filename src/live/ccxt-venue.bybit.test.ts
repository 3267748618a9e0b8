import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/index.js';
import { type EpochMs, type Fill, SimClock, WallClock } from '../core/index.js';
import { DEFAULT_SLIPPAGE } from '../execution/index.js';
import { type BybitDouble, bybitClientOptions, startBybitDouble } from '../exchange-double/bybit/index.js';
import { Kernel } from '../kernel/index.js';
import { Portfolio } from '../portfolio/index.js';
import type { Strategy } from '../strategy/index.js';
import { connectCcxt } from './ccxt-connect.js';
import { CcxtVenue } from './ccxt-venue.js';
import { deriveClientOrderId } from './client-order-id.js';
import { OrderManager } from './order-manager.js';
import { API_KEY, API_SECRET, MINUTE, NMR, RECV_WINDOW_MS, syntheticBars, T0 } from './test-double.js';

/** The real ccxt.pro bybit client (REST) on the local Bybit V5 double; no streams are started. */

interface BybitWired {
  readonly double: BybitDouble;
  readonly venue: CcxtVenue;
  readonly manager: OrderManager;
  readonly logs: string[];
}

const open: BybitWired[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) {
    await w.manager.settled();
    await w.venue.close();
    await w.double.close();
  }
});

// SYNTHETIC bars: 0-3 flat at 10; bar 4 dips to 9.4 (a 9.5 stop triggers there); then flat at 9.6.
const BARS = syntheticBars([
  [10, 10, 10, 10],
  [10, 10, 10, 10],
  [10, 10, 10, 10],
  [10, 10, 10, 10],
  [10, 10, 9.4, 9.6],
  [9.6, 9.6, 9.6, 9.6],
]);

async function start(): Promise<BybitWired> {
  const logs: string[] = [];
  const log = (m: string): void => {
    logs.push(m);
  };
  const double = await startBybitDouble({
    series: BARS,
    slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
    credentials: { apiKey: API_KEY, secret: API_SECRET },
    log,
  });
  const clock = new WallClock();
  const connection = await connectCcxt({
    exchangeId: 'bybit',
    clock,
    credentials: { apiKey: new Secret(API_KEY), apiSecret: new Secret(API_SECRET) },
    baseUrl: double.url,
    recvWindowMs: RECV_WINDOW_MS,
    timeoutMs: 2000,
  });
  connection.exchange.enableRateLimit = false;
  bybitClientOptions(connection.exchange);
  const venue = new CcxtVenue({ connection, symbol: NMR, clock, log });
  const instrument = await venue.loadInstrument();
  const manager = new OrderManager({
    gateway: venue,
    clock,
    runId: 'bybit-test',
    stepSize: instrument.stepSize,
    retry: { baseDelayMs: 20, maxDelayMs: 500, settleWindowMs: RECV_WINDOW_MS + 100, maxAttempts: 8 },
    random: () => 0.5,
    recoverUntil: 0 as EpochMs,
    log,
  });
  const w = { double, venue, manager, logs };
  open.push(w);
  return w;
}

describe('CcxtVenue on the Bybit V5 double through the real ccxt bybit client', () => {
  it("maps Bybit's NMRUSDT instrument row and risk limits to the InstrumentSpec", async () => {
    const { venue, double } = await start();
    const spec = await venue.loadInstrument();
    expect(spec).toMatchObject({
      symbol: NMR,
      tickSize: 0.001,
      stepSize: 0.1,
      minQuantity: 0.1,
      minNotional: 5,
      liquidationFeeRate: 0.015,
    });
    expect(spec.marginTiers).toEqual(double.engine.instrument.marginTiers.map((t) => ({ ...t, cum: 0 })));
    expect(double.requests.filter((r) => r.retCode !== 0)).toEqual([]);
  });
});
