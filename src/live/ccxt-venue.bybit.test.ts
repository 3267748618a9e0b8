import ccxt from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/index.js';
import { type EpochMs, type Fill, SimClock, WallClock } from '../core/index.js';
import { DEFAULT_SLIPPAGE } from '../execution/index.js';
import { type BybitDouble, bybitClientOptions, startBybitDouble } from '../exchange-double/bybit/index.js';
import { Kernel } from '../kernel/index.js';
import { Portfolio } from '../portfolio/index.js';
import type { Strategy } from '../strategy/index.js';
import { connectCcxt } from './ccxt-connect.js';
import { CcxtVenue, type CcxtVenueOptions } from './ccxt-venue.js';
import { deriveClientOrderId } from './client-order-id.js';
import { OrderManager, type OrderManagerOptions } from './order-manager.js';
import { classifyVenueError, VenueFault } from './venue-error.js';
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

async function start(
  managerOptions: Partial<OrderManagerOptions> = {},
  venueOptions: Partial<CcxtVenueOptions> = {},
): Promise<BybitWired> {
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
  const venue = new CcxtVenue({ connection, symbol: NMR, clock, log, ...venueOptions });
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
    ...managerOptions,
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
    // Bybit's risk limits carry the maintenance deduction as mmDeduction (Binance: cum). By continuity:
    // 5,000 × (0.025 − 0.02) = 25; 25 + 25,000 × (0.05 − 0.025) = 650; …
    expect(
      spec.marginTiers.map((t) => [t.notionalFloor, t.notionalCap, t.maxLeverage, t.mmr, t.cum]),
    ).toEqual([
      [0, 5000, 20, 0.02, 0],
      [5000, 25000, 15, 0.025, 25],
      [25000, 200000, 10, 0.05, 650],
      [200000, 500000, 5, 0.1, 10650],
      [500000, 1000000, 4, 0.125, 23150],
      [1000000, 3000000, 2, 0.25, 148150],
      [3000000, 5000000, 1, 0.5, 898150],
    ]);
    expect(spec.marginTiers).toEqual(double.engine.instrument.marginTiers);
    expect(double.requests.filter((r) => r.retCode !== 0)).toEqual([]);
  });
});

describe('settings through ccxt bybit', () => {
  it('sets leverage (110043 "not modified" on the repeat counts as success) and isolated margin', async () => {
    const { venue, double, logs } = await start();
    await venue.setLeverage(5);
    await venue.setLeverage(5);
    await venue.setIsolatedMargin(5);
    expect(double.engine.leverage).toBe(5);
    expect(double.engine.marginType).toBe('ISOLATED');
    expect(double.requests.filter((r) => r.path === '/v5/position/set-leverage')).toMatchObject([
      { method: 'POST', params: { buyLeverage: '5', sellLeverage: '5', category: 'linear' }, retCode: 0 },
      { method: 'POST', retCode: 110043 },
    ]);
    expect(double.requests.filter((r) => r.path === '/v5/account/set-margin-mode')).toMatchObject([
      { params: { setMarginMode: 'ISOLATED_MARGIN' }, retCode: 0 },
    ]);
    expect(logs).toContain('bybit setLeverage(5): already set');
  });
});

describe('unknown orders', () => {
  it('a lookup by an unknown orderLinkId is absent; a cancel of it is ccxt OrderNotFound (110001)', async () => {
    const { venue, double } = await start();
    expect(await venue.fetchOrder(NMR, 'nb-never-sent', 'order')).toBeUndefined();
    expect(await venue.fetchOrder(NMR, 'nb-never-sent', 'stop')).toBeUndefined();
    const err = await venue.cancelOrder(NMR, 'nb-never-sent', 'order').then(
      () => new Error('no error'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ccxt.OrderNotFound);
    expect(classifyVenueError(err).fault).toBe(VenueFault.NotFound);
    expect(double.requests.filter((r) => r.path.startsWith('/v5/order/'))).toMatchObject([
      { method: 'GET', path: '/v5/order/realtime', params: { orderLinkId: 'nb-never-sent' }, retCode: 0 },
      { method: 'GET', params: { orderLinkId: 'nb-never-sent', orderFilter: 'StopOrder' }, retCode: 0 },
      { method: 'POST', path: '/v5/order/cancel', params: { orderLinkId: 'nb-never-sent' }, retCode: 110001 },
    ]);
  });

  it('a second create with a used orderLinkId is refused with 110072', async () => {
    const { venue, double } = await start();
    const request = {
      venueClientId: 'nb-dup',
      symbol: NMR,
      side: 'buy' as const,
      type: 'market' as const,
      quantity: 1,
      reduceOnly: false,
    };
    await venue.createOrder(request as never);
    const err = await venue.createOrder(request as never).then(
      () => new Error('no error'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ccxt.InvalidOrder);
    expect(classifyVenueError(err).fault).toBe(VenueFault.Duplicate);
    expect(double.requests.filter((r) => r.path === '/v5/order/create').map((r) => r.retCode)).toEqual([
      0, 110072,
    ]);
  });
});

/** Buys 40 NMR at the first close; once filled, protects it with a reduce-only stop at 9.5. */
function entryThenStop(): Strategy {
  let entered = false;
  return {
    name: 'bybit-e2e',
    onBar: (_bar, ctx) => {
      if (entered) return;
      entered = true;
      ctx.submitOrder({ side: 'buy', type: 'market', quantity: 40, tag: 'entry' });
    },
    onFill: (fill: Fill, ctx) => {
      if (fill.tag === 'entry')
        ctx.submitOrder({
          side: 'sell',
          type: 'stop_market',
          quantity: 40,
          triggerPrice: 9.5,
          reduceOnly: true,
          tag: 'stop_loss',
        });
    },
  };
}

describe('a full trade lifecycle on bybit: kernel → OrderManager → CcxtVenue → ccxt bybit → double', () => {
  it('looks each client id up (absent), enters at market, stops out on the dip, ends flat', async () => {
    const { venue, manager, double } = await start({ lookupBeforeCreate: 'always' });
    const instrument = await venue.loadInstrument();
    await venue.setLeverage(5);
    const clock = new SimClock(T0 as EpochMs);
    const portfolio = new Portfolio({ initialBalance: 10_000, instruments: [instrument] });
    const kernel = new Kernel({
      clock,
      symbol: NMR,
      strategy: entryThenStop(),
      portfolio,
      venue: manager,
      instrument,
      leverage: 5,
      scheduleTimer: () => undefined,
    });
    const sync = async (): Promise<void> => {
      for (;;) {
        await manager.settled();
        const events = manager.drainEvents();
        if (events.length === 0) return;
        kernel.applyVenueEvents(events);
      }
    };
    const closeBar = async (i: number): Promise<void> => {
      const closeTime = (T0 + (i + 1) * MINUTE) as EpochMs;
      clock.advanceTo(closeTime);
      kernel.onBarClose({ symbol: NMR, timeframe: '1m', candle: BARS.at(i), closeTime });
      await sync();
    };
    const id = (sequence: number, tag: string): string =>
      deriveClientOrderId({ runId: 'bybit-test', decisionTime: (T0 + MINUTE) as EpochMs, sequence, tag });
    const entryId = id(0, 'entry');
    const stopId = id(1, 'stop_loss');

    await closeBar(0);
    expect(double.requests.filter((r) => r.path.startsWith('/v5/order/'))).toMatchObject([
      { method: 'GET', path: '/v5/order/realtime', params: { orderLinkId: entryId }, retCode: 0 },
      {
        method: 'POST',
        path: '/v5/order/create',
        params: { orderLinkId: entryId, side: 'Buy', orderType: 'Market', qty: '40', category: 'linear' },
        retCode: 0,
      },
    ]);
    double.advance();
    await manager.refresh();
    await sync();
    expect(portfolio.position(NMR)?.quantity).toBe(40);
    expect(portfolio.position(NMR)?.entryPrice).toBe(10);
    const creates = double.requests.filter((r) => r.path === '/v5/order/create');
    expect(creates[1]).toMatchObject({
      params: {
        orderLinkId: stopId,
        side: 'Sell',
        orderType: 'Market',
        qty: '40',
        triggerPrice: '9.5',
        triggerDirection: 2,
        reduceOnly: true,
      },
      retCode: 0,
    });
    expect(manager.orders().map((o) => [o.tag, o.lifecycle])).toEqual([
      ['entry', 'filled'],
      ['stop_loss', 'acknowledged'],
    ]);

    double.advance(4);
    await manager.refresh();
    await sync();
    expect(double.engine.portfolio.position('NMRUSDT')).toBeUndefined();
    expect(portfolio.position(NMR)?.quantity ?? 0).toBe(0);
    expect(manager.orders().map((o) => [o.tag, o.lifecycle, o.filledQuantity, o.averagePrice])).toEqual([
      ['entry', 'filled', 40, 10],
      ['stop_loss', 'filled', 40, 9.5],
    ]);
    const [trade] = kernel.trades.closed;
    expect(trade).toMatchObject({ entryPrice: 10, exitPrice: 9.5, quantity: 40 });
    // 40 × (9.5 − 10) = −20 gross; the double's Bybit taker fee 0.055 % of 400 and of 380 = 0.22 + 0.209
    expect(trade?.grossPnl).toBeCloseTo(-20, 10);
    expect(trade?.fees).toBeCloseTo(0.429, 10);
    expect(manager.transitionErrors).toEqual([]);
    const positions = await venue.exchange.fetchPositions([NMR]);
    expect(positions.filter((p) => (p.contracts ?? 0) !== 0)).toEqual([]);
    const balance = await venue.exchange.fetchBalance();
    expect(balance['USDT']?.total).toBeCloseTo(10_000 - 20 - 0.429, 6);
  });
});

describe('streams on the REST-only Bybit double', () => {
  it('falls back to REST polling when the websocket cannot connect, and delivers positions and balance', async () => {
    const { venue, manager } = await start({}, { pollIntervalMs: 20, socketRetryMs: 60_000 });
    const positions: number[] = [];
    const balances: number[] = [];
    venue.watchAccount({
      onOrderReport: (r) => manager.onOrderReport(r),
      onTrade: (t) => manager.onTrade(t),
      onPositions: (p) => positions.push(p.length),
      onBalance: (b) => balances.push(Number(b['USDT']?.total)),
      refresh: () => manager.refresh(),
    });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (positions.length > 0 && balances.length > 0) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    expect(balances[0]).toBe(10_000);
    const stats = venue.streamStats();
    expect(stats['bybit balance']).toMatchObject({ mode: 'polling', socketUpdates: 0 });
    expect(stats['bybit positions']?.polls).toBeGreaterThan(0);
  });
});
