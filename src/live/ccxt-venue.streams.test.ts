import type { OHLCV } from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientOrderId, EpochMs, Fill } from '../core/index.js';
import type { FaultOptions } from '../exchange-double/index.js';
import type { Wired } from './test-double.js';
import { MINUTE, NMR, syntheticBars, T0, wire } from './test-double.js';

const open: Wired[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

/** SYNTHETIC: flat at 10, except bar 1 which trades down to 9.8 (a 9.9 buy limit fills there). */
const BARS = syntheticBars([
  [10, 10, 10, 10],
  [10, 10, 9.8, 10],
  ...Array.from({ length: 8 }, () => [10, 10, 10, 10] as const),
]);

async function start(options: { faults?: FaultOptions } = {}): Promise<Wired> {
  const w = await wire(BARS, { ...options, venue: { pollIntervalMs: 25, socketRetryMs: 300 } });
  open.push(w);
  w.venue.watchAccount({
    onOrderReport: (r) => w.manager.onOrderReport(r),
    onTrade: (t) => w.manager.onTrade(t),
    refresh: () => w.manager.refresh(),
  });
  await until(() => w.double.webSocketStreams().includes('user'), 'the user-data connection');
  return w;
}

/** Polls (never a timed assertion) until `condition`, failing after 3 s of wall time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function restingBuy(w: Wired): ClientOrderId {
  const id = 'k-1' as ClientOrderId;
  w.manager.submit(
    { clientOrderId: id, symbol: NMR, side: 'buy', type: 'limit', price: 9.9, quantity: 1, tag: 'entry' },
    (T0 + MINUTE) as EpochMs,
    10,
  );
  return id;
}

const fills = (w: Wired): Fill[] =>
  w.manager.drainEvents().flatMap((e) => (e.type === 'fill' ? [e.fill] : []));

describe('CcxtVenue account streams (ccxt.pro watchOrders / watchMyTrades on the double)', () => {
  it('brings a fill in over the user-data stream, without polling', async () => {
    const w = await start();
    const id = restingBuy(w);
    await until(() => w.manager.order(id)?.lifecycle === 'acknowledged', 'the acknowledgement');
    w.double.advance(2); // bar 1 trades down to 9.8: the limit fills at 9.9
    await until(() => w.manager.order(id)?.lifecycle === 'filled', 'the fill on the socket');
    await w.manager.settled();
    expect(fills(w).map((f) => [f.quantity, f.price, f.liquidity])).toEqual([[1, 9.9, 'maker']]);
    const stats = w.venue.streamStats();
    expect(stats['binanceusdm orders']).toMatchObject({ mode: 'socket', fallbacks: 0, polls: 0 });
    expect(stats['binanceusdm orders']?.socketUpdates).toBeGreaterThan(0);
  });

  it('applies every message once when the socket sends each twice', async () => {
    const w = await start({ faults: { wsDuplicateRate: 1 } });
    const id = restingBuy(w);
    await until(() => w.manager.order(id)?.lifecycle === 'acknowledged', 'the acknowledgement');
    w.double.advance(2);
    await until(() => w.manager.order(id)?.lifecycle === 'filled', 'the fill');
    await w.manager.settled();
    expect(fills(w)).toHaveLength(1);
    expect(w.manager.transitionErrors).toEqual([]);
  });

  it('polls over REST while the socket is down, then returns to it', async () => {
    const w = await start();
    const id = restingBuy(w);
    await until(() => w.manager.order(id)?.lifecycle === 'acknowledged', 'the acknowledgement');
    w.double.dropWebSockets();
    await until(() => w.venue.streamStats()['binanceusdm orders']?.mode === 'polling', 'the fallback');
    w.double.advance(2);
    await until(() => w.manager.order(id)?.lifecycle === 'filled', 'the fill read by polling');
    expect(fills(w).map((f) => [f.quantity, f.price])).toEqual([[1, 9.9]]);
    await until(() => w.venue.streamStats()['binanceusdm orders']?.mode === 'socket', 'the socket again');
    await until(() => w.double.webSocketStreams().includes('user'), 'the user-data stream again');
    expect(w.venue.streamStats()['binanceusdm orders']).toMatchObject({ fallbacks: 1 });
  });
});

describe('CcxtVenue market streams', () => {
  it('receives closed 1m candles through watchOHLCV', async () => {
    const w = await start();
    const candles: OHLCV[] = [];
    w.venue.watchMarket({ timeframe: '1m', onCandles: (c) => candles.push(...c) });
    await until(() => w.double.webSocketStreams().includes('nmrusdt@kline_1m'), 'the kline subscription');
    w.double.advance(2);
    await until(() => candles.some((c) => c[0] === T0 + MINUTE && c[3] === 9.8), 'bar 1 with its 9.8 low');
    expect(candles.find((c) => c[0] === T0 + MINUTE)).toEqual([T0 + MINUTE, 10, 10, 9.8, 10, 1000]);
  });
});
