import { afterEach, describe, expect, it } from 'vitest';
import { type EpochMs, type Fill, SimClock } from '../core/index.js';
import { Kernel } from '../kernel/index.js';
import { Portfolio } from '../portfolio/index.js';
import type { Strategy } from '../strategy/index.js';
import { deriveClientOrderId } from './client-order-id.js';
import { API_KEY, API_SECRET, MINUTE, NMR, syntheticBars, T0, type Wired, wire } from './test-double.js';

const open: Wired[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

async function start(...args: Parameters<typeof wire>): Promise<Wired> {
  const w = await wire(...args);
  open.push(w);
  return w;
}

// SYNTHETIC bars: 0-3 flat at 10; bar 4 dips to 9.4 (a 9.5 stop triggers there); then flat at 9.6.
const BARS = syntheticBars([
  [10, 10, 10, 10],
  [10, 10, 10, 10],
  [10, 10, 10, 10],
  [10, 10, 10, 10],
  [10, 10, 9.4, 9.6],
  [9.6, 9.6, 9.6, 9.6],
]);

/** Buys 40 NMR at the first close; once filled, protects it with a reduce-only stop at 9.5. */
function entryThenStop(): Strategy {
  let entered = false;
  return {
    name: 'e2e',
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

describe('CcxtVenue setup through the real ccxt binanceusdm client on the exchange double', () => {
  it("maps the venue's NMRUSDT filters and leverage brackets to the InstrumentSpec", async () => {
    const { venue } = await start(BARS);
    const spec = await venue.loadInstrument();
    expect(spec).toMatchObject({
      symbol: NMR,
      tickSize: 0.001,
      stepSize: 0.1,
      minQuantity: 0.1,
      minNotional: 5,
      liquidationFeeRate: 0.015,
    });
    expect(spec.marginTiers[0]).toMatchObject({ notionalFloor: 0, mmr: 0.02, cum: 0 });
  });

  it('sets leverage and isolated margin, and a second isolated call (-4046) counts as success', async () => {
    const { venue, double } = await start(BARS);
    await venue.setLeverage(5);
    await venue.setIsolatedMargin();
    await venue.setIsolatedMargin();
    expect(double.state().marginType).toBe('ISOLATED');
    expect(venue.stopPlacement).toBe('separate');
  });
});

describe('a full trade lifecycle: kernel → OrderManager → CcxtVenue → ccxt → double and back', () => {
  it('enters at market, places the protective stop once filled, and the stop fill leaves the position flat', async () => {
    const { venue, manager, double } = await start(BARS);
    const instrument = await venue.loadInstrument();
    await venue.setLeverage(5);
    await venue.setIsolatedMargin();
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
    /** Until quiet: events reach the kernel, whose reactions (the stop) are sent and answered. */
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

    await closeBar(0);
    const entryId = deriveClientOrderId({
      runId: 'live-test',
      decisionTime: (T0 + MINUTE) as EpochMs,
      sequence: 0,
      tag: 'entry',
    });
    expect(double.requests.filter((r) => r.path === '/fapi/v1/order' && r.method === 'POST')).toMatchObject([
      { params: { newClientOrderId: entryId, type: 'MARKET', side: 'BUY', quantity: '40' }, status: 200 },
    ]);
    // The market order fills at 10 (bar 0 and bar 1 open at 10, whichever the double uses); the manager
    // reads the trade, the kernel gets the fill and the strategy places the stop.
    double.advance();
    await manager.refresh(); // the REST path (the order stream is not started here)
    await sync();
    expect(portfolio.position(NMR)?.quantity).toBe(40);
    expect(portfolio.position(NMR)?.entryPrice).toBe(10);
    const stopId = deriveClientOrderId({
      runId: 'live-test',
      decisionTime: (T0 + MINUTE) as EpochMs,
      sequence: 1,
      tag: 'stop_loss',
    });
    expect(
      double.requests.filter((r) => r.path === '/fapi/v1/algoOrder' && r.method === 'POST'),
    ).toMatchObject([
      {
        params: {
          clientAlgoId: stopId,
          type: 'STOP_MARKET',
          side: 'SELL',
          triggerPrice: '9.5',
          reduceOnly: 'true',
        },
        status: 200,
      },
    ]);
    expect(manager.orders().map((o) => [o.tag, o.lifecycle])).toEqual([
      ['entry', 'filled'],
      ['stop_loss', 'acknowledged'],
    ]);

    double.advance(4); // up to bar 4 closing: its dip triggers the stop at 9.5
    await manager.refresh();
    await sync();
    expect(double.state().position).toBe(0);
    expect(portfolio.position(NMR)?.quantity ?? 0).toBe(0);
    expect(manager.orders().map((o) => [o.tag, o.lifecycle, o.filledQuantity, o.averagePrice])).toEqual([
      ['entry', 'filled', 40, 10],
      ['stop_loss', 'filled', 40, 9.5],
    ]);
    const [trade] = kernel.trades.closed;
    expect(trade).toMatchObject({ entryPrice: 10, exitPrice: 9.5, quantity: 40 });
    // 40 × (9.5 − 10) = −20 gross; taker fees 0.05 % of 400 and of 380 = 0.2 + 0.19
    expect(trade?.grossPnl).toBeCloseTo(-20, 10);
    expect(trade?.fees).toBeCloseTo(0.39, 10);
    expect(manager.transitionErrors).toEqual([]);
    const latency = manager.latencyReport();
    expect([latency.decisionToSend?.count, latency.sendToAck?.count], 'entry and stop measured').toEqual([
      2, 2,
    ]);
    expect(venue.latencyBudgetMs, 'no budget on the local double').toBeUndefined();
  });
});

describe('secrets', () => {
  it('never puts the key, the secret or a request signature into an error or a log line', async () => {
    const { venue, manager, double, logs } = await start(BARS, { timeoutMs: 300 });
    double.faults.set({ timeout: { count: 3, paths: ['/fapi/v1/order'] } });
    const err = await venue.fetchOrder(NMR, 'nb-anything', 'order').then(
      () => new Error('no error'),
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/timed out/);
    expect(err.message).toContain('signature=[redacted]');
    manager.submit(
      { clientOrderId: 'k-1' as never, symbol: NMR, side: 'buy', type: 'market', quantity: 1, tag: 'entry' },
      (T0 + MINUTE) as EpochMs,
      10,
    );
    await manager.settled();
    const text = [
      err.message,
      err.stack ?? '',
      ...logs,
      ...manager.orders().map((o) => o.rejectReason ?? ''),
    ].join('\n');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(API_SECRET);
    expect(text).not.toMatch(/signature=[0-9a-f]{16}/);
  });
});
