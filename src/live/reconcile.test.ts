import type { Exchange } from 'ccxt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadBars } from '../backtest/index.js';
import type { BacktestSpec } from '../backtest/index.js';
import { type TempStore, tempStore } from '../backtest/test-helpers.js';
import { Secret } from '../config/index.js';
import { type EpochMs, type Fill, WallClock } from '../core/index.js';
import { type CandleSeries, importFiles } from '../data/index.js';
import { type ExchangeDouble, startExchangeDouble } from '../exchange-double/index.js';
import { ccxtMarketEvents } from '../paper/index.js';
import type { Strategy } from '../strategy/index.js';
import { connectCcxt } from './ccxt-connect.js';
import {
  DOUBLE_KEY,
  DOUBLE_SECRET,
  liveSessionOnDouble,
  NMR,
  NMR_15M_FILE,
  type WiredSession,
} from './live-test-wiring.js';

const FROM = Date.UTC(2025, 1, 3);
const HISTORY_BARS = 20;
const STOP_LOSS = 0.025;
let TRADE_FROM = Infinity;

/** Does nothing: whatever the bot holds, reconciliation put there. */
const idle: Strategy = { name: 'idle' };

/** Buys 100 NMR at its first traded close when flat; protects an entry with a reduce-only stop 2.5% below. */
function buyAndProtect(): Strategy {
  let bought = false;
  return {
    name: 'buy-and-protect',
    onBar: (_bar, ctx) => {
      // Warm-up bars run the hooks too (their orders are dropped): buy from the first traded close.
      if (bought || ctx.position() || ctx.now() < TRADE_FROM) return;
      bought = true;
      ctx.submitOrder({ side: 'buy', type: 'market', quantity: 100, tag: 'entry' });
    },
    onFill: (fill: Fill, ctx) => {
      if (fill.reduceOnly) return;
      ctx.submitOrder({
        side: 'sell',
        type: 'stop_market',
        quantity: 100,
        triggerPrice: fill.price * (1 - STOP_LOSS),
        reduceOnly: true,
        tag: 'stop_loss',
      });
    },
  };
}

describe('reconciliation through the real ccxt client on the exchange double (real NMRUSDT 15m)', () => {
  let t: TempStore;
  let bars: CandleSeries;
  let double: ExchangeDouble;
  let other: Exchange; // a second client: a manual trader, or the process that died
  let wired: WiredSession | undefined;

  beforeAll(() => {
    t = tempStore();
    importFiles(t.store, [NMR_15M_FILE], { exchange: 'binanceusdm' });
    const spec = {
      exchange: 'binanceusdm',
      symbol: NMR,
      timeframe: '15m',
      from: FROM,
      to: FROM + 86_400_000,
    };
    bars = loadBars(t.store, spec as unknown as BacktestSpec).bars;
  });
  afterAll(() => t.cleanup());
  afterEach(async () => {
    await wired?.close();
    wired = undefined;
    await other?.close();
    await double?.close();
  });

  async function startDouble(): Promise<void> {
    double = await startExchangeDouble({
      series: bars,
      startIndex: HISTORY_BARS,
      credentials: { apiKey: DOUBLE_KEY, secret: DOUBLE_SECRET },
      log: () => {},
    });
    other = (
      await connectCcxt({
        exchangeId: 'binanceusdm',
        clock: new WallClock(),
        credentials: { apiKey: new Secret(DOUBLE_KEY), apiSecret: new Secret(DOUBLE_SECRET) },
        baseUrl: double.url,
      })
    ).exchange;
    other.enableRateLimit = false;
  }

  /** The session over the history and `more` replayed bars (manual advance), then quiet. */
  async function runSession(strategy: Strategy, more: number, orphanPolicy: 'adopt' | 'close' = 'adopt') {
    const tradeFrom = bars.openTime[HISTORY_BARS] as number as EpochMs;
    TRADE_FROM = tradeFrom;
    wired = await liveSessionOnDouble(double, {
      strategy,
      start: FROM as EpochMs,
      tradeFrom,
      leverage: 2,
      stopLossPct: STOP_LOSS,
      orphanPolicy,
      watchAccount: false,
    });
    const abort = new AbortController();
    let left = more;
    await wired.session.run(
      ccxtMarketEvents(wired.venue.exchange, {
        symbol: NMR,
        timeframe: '15m',
        since: FROM as EpochMs,
        pollMs: 0,
        signal: abort.signal,
        sleep: () => {
          if (left-- <= 0 || double.advance(1) === 0) abort.abort();
          return Promise.resolve();
        },
      }),
      abort.signal,
    );
    await wired.session.sync();
    return wired;
  }

  const algos = () => double.engine.ledger.algos().filter((a) => a.algoStatus === 'NEW');

  it('adopts an orphan position at its exchange entry and protects it with a stop 2.5% below the entry', async () => {
    await startDouble();
    await other.createOrder(NMR, 'market', 'buy', 100); // opened by someone else, no stop
    const entry = double.state().entryPrice as number;
    expect(algos()).toEqual([]);
    const w = await runSession(idle, 2);
    // The other client's fill is journaled as recovered; the position adopted, then protected.
    expect(w.recorded.map((r) => r.difference.kind)).toEqual([
      'fill_recovered',
      'orphan_adopted',
      'stop_replaced',
    ]);
    expect(w.recorded[0]?.time).toBe(bars.openTime[HISTORY_BARS]); // decided at the start's bar close
    const p = w.session.portfolio.position(NMR);
    expect(p?.quantity).toBe(100);
    expect(p?.entryPrice).toBeCloseTo(entry, 6); // as positionRisk prints it
    expect(algos()).toMatchObject([
      {
        side: 'SELL',
        quantity: 100,
        reduceOnly: true,
        triggerPrice: Math.round(entry * (1 - STOP_LOSS) * 1000) / 1000,
      },
    ]);
    expect(w.recovered).toHaveLength(1);
    expect(await w.session.reconcile()).toEqual([]); // nothing differs any more
  }, 30_000);

  it('closes an orphan position with orphanPolicy close', async () => {
    await startDouble();
    await other.createOrder(NMR, 'market', 'sell', 60);
    const w = await runSession(idle, 1, 'close');
    expect(w.recorded.map((r) => r.difference.kind)).toEqual([
      'fill_recovered',
      'orphan_adopted',
      'orphan_closed',
    ]);
    expect(double.state().position).toBe(0);
    expect(w.session.portfolio.position(NMR)).toBeUndefined();
    expect(algos()).toEqual([]);
  }, 30_000);

  it('re-places a protective stop that vanished from the exchange and resolves the order it was', async () => {
    await startDouble();
    const w = await runSession(buyAndProtect(), 2);
    expect(w.recorded).toEqual([]);
    const [stop] = algos();
    expect(stop).toMatchObject({ side: 'SELL', quantity: 100, reduceOnly: true });
    // Cancelled behind the bot's back (by hand on the website, say).
    await other.cancelOrder('', NMR, { clientOrderId: stop?.clientAlgoId, trigger: true });
    expect(algos()).toEqual([]);
    const found = await w.session.reconcile();
    expect(found.map((d) => d.kind)).toEqual(['order_resolved', 'stop_replaced']);
    expect(found[0]?.message).toContain(`order ${stop?.clientAlgoId} was acknowledged here`);
    expect(found[0]?.message).toContain('its final state: cancelled');
    const entry = double.state().entryPrice as number;
    expect(algos()).toMatchObject([
      {
        side: 'SELL',
        quantity: 100,
        reduceOnly: true,
        triggerPrice: Math.round(entry * 0.975 * 1000) / 1000,
      },
    ]);
    expect(await w.session.reconcile()).toEqual([]);
  }, 30_000);

  it('cancels a stop left by a dead process once the adopted position has a tracked stop', async () => {
    await startDouble();
    const first = await runSession(buyAndProtect(), 2);
    const [old] = algos();
    // The process dies (its stop stays on the exchange); a new one starts a bar later.
    await first.venue.close();
    wired = undefined;
    double.advance(1);
    const w = await runSession(buyAndProtect(), 1);
    const kinds = w.recorded.map((r) => r.difference.kind);
    // The strategy protects the adopted position itself (onFill), so no stop_replaced; the old stop goes.
    expect(kinds).toEqual(['fill_recovered', 'orphan_adopted', 'stray_stop_cancelled']);
    expect(w.recorded[2]?.difference.message).toContain(old?.clientAlgoId);
    expect(algos()).toHaveLength(1);
    expect(algos()[0]?.clientAlgoId).not.toBe(old?.clientAlgoId);
  }, 30_000);
});
