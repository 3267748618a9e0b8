import { afterEach, describe, expect, it } from 'vitest';
import { ExchangeEngine } from './exchange-engine.js';
import { ReplayDriver } from './replay-driver.js';
import { MINUTE, NMR, Opened, T0, flatBars, startWithCcxt, until } from './test-helpers.js';

const opened = new Opened();
afterEach(() => opened.closeAll());

describe('ReplayDriver (SYNTHETIC flat 1m bars)', () => {
  it('replays `speed` replayed ms per wall ms on a settable wall clock, processing each boundary reached', async () => {
    const engine = new ExchangeEngine({ series: flatBars(100, 10) });
    let wall = 1_000;
    const driver = new ReplayDriver(engine, 60_000, () => wall); // one 1m bar per wall ms
    driver.start();
    opened.add({ close: () => Promise.resolve(driver.stop()) });
    expect(engine.now()).toBe(T0);
    wall += 5;
    await until(() => engine.replay.formingIndex === 5, 'bar 5 forming');
    expect(engine.now()).toBe(T0 + 5 * MINUTE);
    wall += 2.5;
    await until(() => engine.replay.formingIndex === 7, 'bar 7 forming');
    expect(engine.now(), 'the clock runs between boundaries').toBe(T0 + 7.5 * MINUTE);
    expect(() => driver.advance()).toThrow('manual mode');
  });

  it('never lets the clock pass the next boundary before that boundary is processed', () => {
    const engine = new ExchangeEngine({ series: flatBars(10, 10) });
    let wall = 0;
    const driver = new ReplayDriver(engine, 60_000, () => wall);
    driver.start();
    driver.stop(); // no timer: boundaries are not processed
    wall = 3;
    expect(engine.replay.formingIndex).toBe(0);
    expect(engine.now()).toBe(T0 + MINUTE - 1);
  });

  it('in manual mode, advances bar by bar and reports the end of the series', () => {
    const engine = new ExchangeEngine({ series: flatBars(4, 10) });
    const driver = new ReplayDriver(engine, undefined);
    expect(driver.advance(2)).toBe(2);
    expect(driver.ended).toBe(false);
    expect(driver.advance(5), 'only bar 3 is left to open').toBe(1);
    expect(driver.ended).toBe(true);
    expect(engine.now()).toBe(T0 + 3 * MINUTE);
  });

  it('refuses a speed that is not a positive number', () => {
    const engine = new ExchangeEngine({ series: flatBars(4, 10) });
    expect(() => new ReplayDriver(engine, 0)).toThrow('speed must be a number > 0');
  });
});

describe('a timed double through ccxt', () => {
  it('replays on its own at speed 6000 (one 1m bar per 10 wall ms) and fills orders meanwhile', async () => {
    const { double, ex } = await startWithCcxt(opened, { series: flatBars(2_000, 10), speed: 6_000 });
    await until(() => double.state().formingIndex >= 3, 'three bars replayed');
    expect(double.clock.now(), 'the clock a kernel reads is the replay time').toBeGreaterThanOrEqual(
      T0 + 3 * MINUTE,
    );
    const order = await ex.createOrder(NMR, 'market', 'buy', 1);
    expect(order).toMatchObject({ status: 'closed', filled: 1 });
    const [trade] = await ex.fetchMyTrades(NMR);
    expect(trade?.timestamp, 'a fill is never stamped before its order').toBeGreaterThanOrEqual(
      order.timestamp ?? Infinity,
    );
    expect(() => double.advance()).toThrow('manual mode');
  });
});
