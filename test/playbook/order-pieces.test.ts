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

  // Input: deep volume until 01:30, then 5,000 NMR a bar (the default 10% cap: 500 NMR a bar); long 3x
  // decided at the 01:30 close, cut by the margin cap to 1,200. DESIGN section 1: no new entries in
  // 02:00-06:00 UTC, so the kernel asks the risk engine again before each later piece and cancels the
  // rest at 02:00.
  it('SYNTHETIC: the rest of an entry checked at 01:30 does not fill inside the thin hours', () => {
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
  });

  // The position after the first piece is 1,200 - 1,100.4 = 99.59999999999991 in float; the kernel reads
  // it on the step grid (99.6), so the rest is sold in full and no 0.1 NMR is left behind.
  it('SYNTHETIC: an exit split over two bars, re-asked every bar as nmr-playbook does, leaves no position behind', () => {
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
  });
});
