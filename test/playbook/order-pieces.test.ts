import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/index.js';
import { type TempStore, tempStore } from '../../src/backtest/test-helpers.js';
import type { TargetPosition } from '../../src/strategy/index.js';
import { Recorder, at, flat, input, riskSpec, scriptedByClose, store15m } from './scenario.js';

/**
 * Orders the bar volume cap splits over several bars (`maxBarVolumeFraction`, 10% by default), through
 * the whole engine with the default risk limits on SYNTHETIC 15m paths (flat 10 from 00:00 UTC).
 */

const LONG3: TargetPosition = { side: 'long', leverage: 3, tag: 'entry' };

describe('orders split by the bar volume cap (synthetic 15m paths)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  it('SYNTHETIC: the rest of an entry checked at 01:30 keeps filling into the thin hours (02:00)', () => {
    // Deep volume until 01:30 (the liquidity cap never binds), then 5,000 NMR a bar: 500 fill a bar.
    const volumes = Array.from({ length: 24 }, (_, i) => (i < 6 ? 1e6 : 5_000));
    store15m(
      t.store,
      at('00:00'),
      Array.from({ length: 24 }, () => flat(10)),
      volumes,
    );
    const rec = new Recorder();
    runBacktest(
      t.store,
      input(scriptedByClose(new Map([[at('01:30'), LONG3]])), rec, riskSpec({ maxBarVolumeFraction: 0.1 })),
    );
    expect(rec.riskLog(), 'one check, at 01:30').toEqual([['d0 01:30:00.000', 'margin_cap', 'resized']]);
    // What happens today: the order for 1,200 fills 500 at 01:30, 500 at 01:45 and its last 200 at
    // 02:00, inside the thin hours, with no second look by the risk engine. DESIGN section 1 says no new
    // entries in 02:00-06:00; whether a working entry's rest should be canceled at 02:00 (or at a halt)
    // is reported as an open question, not decided here.
    expect(rec.fillLog()).toEqual([
      ['d0 01:30:00.000', 'buy', 500, 10, 'entry'],
      ['d0 01:45:00.000', 'buy', 500, 10, 'entry'],
      ['d0 02:00:00.000', 'buy', 200, 10, 'entry'],
    ]);
  });

  // KNOWN BUG (reported; the fix belongs in src/kernel or src/portfolio, not ours to edit). Expected:
  // 99.6 sold at 01:00, flat after, no rejected order. Actual: the portfolio's position after the first
  // piece is 1,200 - 1,100.4 = 99.59999999999991 (float), the kernel sizes the rest as
  // roundQuantityDown(99.59999999999991, 0.1), read at 15 digits as 99.5999999999999, so 99.5; a 0.1 NMR
  // position is left (0.09999999999990905 in the portfolio), and the flat target at 01:15 sends a market
  // order for 0 (0.0999... rounds down to 0), rejected `INVALID_QUANTITY: quantity=0`; so does every
  // later one. On the real 15m file nmr-playbook's time exit hit this on 2024-11-02 (a 0.1 NMR short
  // stayed open, 41 rejected exits, no new entry for days). Expected to fail until fixed; then drop
  // `.fails`.
  it.fails(
    'SYNTHETIC: an exit split over two bars, re-asked every bar as nmr-playbook does, leaves no position behind (fails today: 0.1 NMR left)',
    () => {
      // Long 1,200 at 00:15. The exit asked at the 00:45 close meets a bar of 11,004 NMR: 1,100.4 sold at
      // 00:45, 99.6 left. The strategy asks flat again at the 01:00 and 01:15 closes (nmr-playbook re-asks
      // its exit at every close while a position is open); the kernel replaces the working order with one
      // for the rest.
      const volumes = Array.from({ length: 12 }, (_, i) => (i === 3 ? 11_004 : 1e6));
      store15m(
        t.store,
        at('00:00'),
        Array.from({ length: 12 }, () => flat(10)),
        volumes,
      );
      const rec = new Recorder();
      const plan = new Map<number, TargetPosition>([
        [at('00:15'), LONG3],
        [at('00:45'), { side: 'flat', tag: 'exit' }],
        [at('01:00'), { side: 'flat', tag: 'exit' }],
        [at('01:15'), { side: 'flat', tag: 'exit' }],
      ]);
      const r = runBacktest(
        t.store,
        input(scriptedByClose(plan), rec, riskSpec({ maxBarVolumeFraction: 0.1 })),
      );
      expect(rec.fillLog().slice(0, 2)).toEqual([
        ['d0 00:15:00.000', 'buy', 1200, 10, 'entry'],
        ['d0 00:45:00.000', 'sell', 1100.4, 10, 'exit'],
      ]);
      expect(rec.fillLog()[2], 'the rest, 99.6, sold at 01:00').toEqual([
        'd0 01:00:00.000',
        'sell',
        99.6,
        10,
        'exit',
      ]);
      expect(r.equity.column('position').at(-1)).toBe(0);
      expect(rec.orders.filter((o) => o.status === 'rejected')).toEqual([]);
    },
  );
});
