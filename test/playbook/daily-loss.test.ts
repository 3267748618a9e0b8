import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/index.js';
import { type TempStore, tempStore } from '../../src/backtest/test-helpers.js';
import type { TargetPosition } from '../../src/strategy/index.js';
import { M15, type Ohlc, Recorder, at, flat, input, scriptedByClose, store15m } from './scenario.js';

/**
 * Issue 4 point 4, daily loss halt, through the whole engine on a SYNTHETIC 15m path: equity below the
 * day's start equity less 5% halts entries until the next 00:00 UTC. The day's start equity is the
 * first equity sample of the UTC day (the first bar close on it). Plan keys are bar close times; a
 * decision fills at the next bar's open, at the same instant, which is the time the engine checks.
 *
 * Path: flat 10 from 06:00 on day 0, except the 12:00-12:15 bar, which falls to 9.5 (a 5% range, well
 * below the breaker's 8%), and flat 9.5 after it, until 01:00 on day 1.
 */

const LONG3: TargetPosition = { side: 'long', leverage: 3, tag: 'entry' };

function path(low = 9.5): Ohlc[] {
  const bars: Ohlc[] = [];
  for (let t: number = at('06:00'); t < at('01:00', 1); t += M15) {
    if (t < at('12:00')) bars.push(flat(10));
    else if (t === at('12:00')) bars.push([10, 10, low, low]);
    else bars.push(flat(low));
  }
  return bars;
}

describe('daily loss halt through the engine (synthetic 15m path)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  it('SYNTHETIC: a 6.06% loss at the 12:15 close halts entries until 00:00 UTC; refused at 12:30 and 23:45, filled at 00:00', () => {
    store15m(t.store, at('06:00'), path());
    const plan = new Map<number, TargetPosition>([
      [at('08:00'), LONG3],
      [at('12:15'), { side: 'flat', tag: 'exit' }],
      [at('12:30'), LONG3],
      [at('23:45'), LONG3],
      [at('00:00', 1), LONG3],
    ]);
    const rec = new Recorder();
    const r = runBacktest(t.store, input(scriptedByClose(plan), rec));

    // Long 1,200 at 10 from 08:00 (fee 1,200 x 10 x 0.0005 = 6). At the 12:15 close equity is
    // 10,000 - 6 + 1,200 x (9.5 - 10) = 9,394 < 10,000 x 0.95 = 9,500 (the day started at 10,000 at 06:15).
    const halt = rec.risk.find((d) => d.rule === 'daily_loss_halt' && d.outcome === 'halted');
    expect(halt?.time).toBe(at('12:15'));
    expect(halt?.numbers).toEqual({
      equity: 9394,
      dayStartEquity: 10_000,
      dailyLossPct: 0.05,
      floor: 9500,
      haltedUntil: at('00:00', 1),
    });
    // Exit at the 12:15 open (a reduction: allowed while halted) at 9.5, fee 5.7: wallet 9,388.3.
    // At 00:00 the halt ends and the entry is sized on 9,388.3: floor_0.1(0.4 x 9,388.3 x 3 / 9.5) = 1,185.8.
    expect(rec.fillLog()).toEqual([
      ['d0 08:00:00.000', 'buy', 1200, 10, 'entry'],
      ['d0 12:15:00.000', 'sell', 1200, 9.5, 'exit'],
      ['d1 00:00:00.000', 'buy', 1185.8, 9.5, 'entry'],
    ]);
    expect(rec.riskLog()).toEqual([
      ['d0 08:00:00.000', 'margin_cap', 'resized'],
      ['d0 12:15:00.000', 'daily_loss_halt', 'halted'],
      ['d0 12:30:00.000', 'daily_loss_halt', 'refused'],
      ['d0 23:45:00.000', 'daily_loss_halt', 'refused'],
      ['d1 00:00:00.000', 'daily_loss_halt', 'resumed'],
      ['d1 00:00:00.000', 'margin_cap', 'resized'],
    ]);
    for (const d of rec.risk.filter((x) => x.outcome === 'refused'))
      expect(d.numbers).toEqual({ haltedUntil: at('00:00', 1) });
    expect(r.riskByRule.daily_loss_halt).toEqual({ refused: 2, resized: 0, halted: 1 });
    expect(r.trades.map((x) => [x.exitReason, x.exitTime, x.exitPrice])).toEqual([
      ['exit', at('12:15'), 9.5],
    ]);
  });

  it('SYNTHETIC: a loss just under 5% (close 9.6: equity 9,514) does not halt', () => {
    store15m(t.store, at('06:00'), path(9.6));
    const plan = new Map<number, TargetPosition>([
      [at('08:00'), LONG3],
      [at('12:15'), { side: 'flat', tag: 'exit' }],
      [at('12:30'), LONG3],
    ]);
    const rec = new Recorder();
    runBacktest(t.store, input(scriptedByClose(plan), rec));
    // 10,000 - 6 + 1,200 x (9.6 - 10) = 9,514 >= 9,500.
    expect(rec.risk.map((d) => d.rule)).toEqual(['margin_cap', 'margin_cap']);
    expect(rec.fillLog().map(([time, side]) => [time, side])).toEqual([
      ['d0 08:00:00.000', 'buy'],
      ['d0 12:15:00.000', 'sell'],
      ['d0 12:30:00.000', 'buy'],
    ]);
  });
});
