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

  // KNOWN GAP (reported; the fix belongs in src/kernel or src/risk, not ours to edit). Input: deep
  // volume until 01:30, then 5,000 NMR a bar (the default 10% cap: 500 NMR a bar); long 3x decided at
  // the 01:30 close, cut by the margin cap to 1,200. Expected (DESIGN section 1: no new entries in
  // 02:00-06:00 UTC): 500 at 01:30, 500 at 01:45, and the rest not filled at 02:00 (canceled when the
  // window opens, or checked again and refused as thin_hours). Actual: the working order's last 200 NMR
  // fill at the 02:00 open with no second look by the risk engine; the same holds for a rest filling
  // after a daily-loss or drawdown halt starts (the breaker's flatten does cancel it). The property test
  // counts such pieces (a few in 300 random runs) without failing on them. Expected to fail until decided
  // and fixed; then drop `.fails`.
  it.fails(
    'SYNTHETIC: the rest of an entry checked at 01:30 does not fill inside the thin hours (fails today: 200 NMR at 02:00)',
    () => {
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
      expect(rec.fillLog().slice(0, 2)).toEqual([
        ['d0 01:30:00.000', 'buy', 500, 10, 'entry'],
        ['d0 01:45:00.000', 'buy', 500, 10, 'entry'],
      ]);
      const inside = rec.fills.filter((f) => f.time >= at('02:00') && f.time < at('06:00'));
      expect(inside, 'entry fills inside 02:00-06:00 UTC').toEqual([]);
    },
  );

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
