import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/index.js';
import { type TempStore, tempStore } from '../../src/backtest/test-helpers.js';
import type { ClientOrderId } from '../../src/core/index.js';
import type { BarEvent, Strategy, StrategyContext, TargetPosition } from '../../src/strategy/index.js';
import { type Ohlc, Recorder, at, flat, input, scriptedByClose, store15m } from './scenario.js';

/**
 * Issue 4 point 4, thin hours, through the whole engine on SYNTHETIC 15m paths from Monday 00:00 UTC:
 * no new entry may fill in [02:00, 06:00) UTC; reductions (smaller targets, flat targets, the closing
 * part of a flip, reduce-only stops) always go through. A decision at a bar close fills at the next
 * bar's open, at the same instant, so the time the risk engine checks is the fill time.
 */

const LONG3: TargetPosition = { side: 'long', leverage: 3, tag: 'entry' };

/** Flat 10 over the whole day 0 (96 bars), with bars replaced by open time. */
function day0(special: ReadonlyMap<number, Ohlc> = new Map()): Ohlc[] {
  return Array.from({ length: 96 }, (_, i) => special.get(at('00:00') + i * 15 * 60_000) ?? flat(10));
}

describe('thin hours through the engine (synthetic 15m paths)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  it('SYNTHETIC: refuses a target decided at the close of the 01:45 bar (fills 02:00); one decided at the close of the 05:45 bar (fills 06:00) goes through', () => {
    store15m(t.store, at('00:00'), day0());
    const rec = new Recorder();
    // Keys are bar close times: the 01:45-02:00 bar closes at 02:00, its decision fills at 02:00.
    const plan = new Map<number, TargetPosition>([
      [at('02:00'), LONG3],
      [at('05:45'), LONG3], // the 05:30 bar: fills at 05:45, still thin
      [at('06:00'), LONG3], // the 05:45 bar: fills at 06:00, the first minute after the window
    ]);
    runBacktest(t.store, input(scriptedByClose(plan), rec));
    expect(rec.riskLog()).toEqual([
      ['d0 02:00:00.000', 'thin_hours', 'refused'],
      ['d0 05:45:00.000', 'thin_hours', 'refused'],
      ['d0 06:00:00.000', 'margin_cap', 'resized'],
    ]);
    expect(rec.risk[0]?.numbers).toEqual({ startHourUtc: 2, endHourUtc: 6 });
    expect(rec.risk[0]?.message).toBe(
      'no new entries in the thin hours 02:00-06:00 UTC (now 2025-01-06T02:00:00.000Z)',
    );
    expect(rec.fillLog()).toEqual([['d0 06:00:00.000', 'buy', 1200, 10, 'entry']]);
  });

  it('SYNTHETIC: a target decided at the close of the 01:30 bar fills at 01:45, before the window', () => {
    store15m(t.store, at('00:00'), day0());
    const rec = new Recorder();
    runBacktest(t.store, input(scriptedByClose(new Map([[at('01:45'), LONG3]])), rec));
    expect(rec.riskLog()).toEqual([['d0 01:45:00.000', 'margin_cap', 'resized']]);
    expect(rec.fillLog()).toEqual([['d0 01:45:00.000', 'buy', 1200, 10, 'entry']]);
  });

  it('SYNTHETIC: inside thin hours a smaller target, a reduce-only stop and a flat target all fill', () => {
    // Long 1,200 from 01:00 with a reduce-only stop at 9.75 (sent at the 01:15 close). At the 02:30
    // close the target drops to 1x: floor_0.1(9,994 x 1 / 10) = 999.4 (equity after the 6 USDT fee),
    // so 200.6 is sold at 02:30. The 03:00-03:15 bar dips to 9.7: the stop (clipped to the 999.4 held)
    // fills at its trigger 9.75 at 03:14:59.999.
    store15m(t.store, at('00:00'), day0(new Map([[at('03:00'), [10, 10, 9.7, 10] as const]])));
    const rec = new Recorder();
    const targets = new Map<number, TargetPosition>([
      [at('00:45'), LONG3],
      [at('02:30'), { side: 'long', leverage: 1, tag: 'smaller' }],
    ]);
    let stop: ClientOrderId | undefined;
    const strategy: Strategy = {
      name: 'thin',
      onBar(bar: BarEvent, ctx: StrategyContext) {
        const target = targets.get(bar.closeTime);
        if (target) ctx.setTarget(target);
        if (bar.closeTime === at('01:15'))
          stop = ctx.submitOrder({
            side: 'sell',
            type: 'stop_market',
            quantity: 1200,
            triggerPrice: 9.75,
            reduceOnly: true,
            tag: 'stop_loss',
          });
      },
    };
    const r = runBacktest(t.store, input(strategy, rec));
    expect(stop).toBeDefined();
    expect(rec.fillLog()).toEqual([
      ['d0 00:45:00.000', 'buy', 1200, 10, 'entry'],
      ['d0 02:30:00.000', 'sell', 200.6, 10, 'smaller'],
      ['d0 03:14:59.999', 'sell', 999.4, 9.75, 'stop_loss'],
    ]);
    expect(rec.riskLog(), 'only the first entry met the risk engine').toEqual([
      ['d0 00:45:00.000', 'margin_cap', 'resized'],
    ]);
    expect(r.trades.map((x) => [x.exitReason, x.exitTime])).toEqual([['stop_loss', at('03:15') - 1]]);
  });

  it('SYNTHETIC: a flip asked inside thin hours closes the long (reduction) but opens no short', () => {
    store15m(t.store, at('00:00'), day0());
    const rec = new Recorder();
    const plan = new Map<number, TargetPosition>([
      [at('00:30'), LONG3],
      [at('03:00'), { side: 'short', leverage: 3, tag: 'flip' }],
      [at('04:00'), { side: 'short', leverage: 3, tag: 'flip' }],
    ]);
    const r = runBacktest(t.store, input(scriptedByClose(plan), rec));
    expect(rec.fillLog()).toEqual([
      ['d0 00:30:00.000', 'buy', 1200, 10, 'entry'],
      ['d0 03:00:00.000', 'sell', 1200, 10, 'flip'],
    ]);
    expect(rec.riskLog()).toEqual([
      ['d0 00:30:00.000', 'margin_cap', 'resized'],
      ['d0 03:00:00.000', 'thin_hours', 'refused'],
      ['d0 04:00:00.000', 'thin_hours', 'refused'],
    ]);
    expect(r.trades.map((x) => [x.side, x.exitReason, x.exitTime])).toEqual([['long', 'flip', at('03:00')]]);
    expect(r.equity.column('position').at(-1)).toBe(0);
  });

  it('SYNTHETIC: a flat target inside thin hours closes the position at the next open', () => {
    store15m(t.store, at('00:00'), day0());
    const rec = new Recorder();
    const plan = new Map<number, TargetPosition>([
      [at('01:30'), { side: 'short', leverage: 2, tag: 'entry' }],
      [at('04:45'), { side: 'flat', tag: 'exit' }],
    ]);
    runBacktest(t.store, input(scriptedByClose(plan), rec));
    // Short 2x: floor_0.1(20,000 / 10) = 2,000 asked, margin 10,000 -> 0.4 x 10,000 x 2 / 10 = 800.
    expect(rec.fillLog()).toEqual([
      ['d0 01:30:00.000', 'sell', 800, 10, 'entry'],
      ['d0 04:45:00.000', 'buy', 800, 10, 'exit'],
    ]);
    expect(rec.risk.map((d) => d.rule)).toEqual(['margin_cap']);
  });
});
