import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/index.js';
import { type TempStore, tempStore } from '../../src/backtest/test-helpers.js';
import type { BarEvent, Strategy, StrategyContext, TargetPosition } from '../../src/strategy/index.js';
import { type Ohlc, Recorder, at, flat, input, scriptedByClose, store15m } from './scenario.js';

/**
 * Issue 4 point 4, margin cap, through the whole engine on SYNTHETIC 15m paths: the kernel sizes a
 * target at the next bar's open as floor_0.1(equity x leverage / open), and the risk engine cuts it to
 * what 40% of equity as margin allows at that leverage: floor_0.1(0.4 x equity x leverage / open).
 */

const LONG3: TargetPosition = { side: 'long', leverage: 3, tag: 'entry' };

describe('margin cap through the engine (synthetic 15m paths)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  it('SYNTHETIC: long at 3x with equity 10,000 at 10 gets exactly 1,200 NMR, the margin_cap resize journaled', () => {
    store15m(
      t.store,
      at('06:00'),
      Array.from({ length: 8 }, () => flat(10)),
    );
    const rec = new Recorder();
    const r = runBacktest(t.store, input(scriptedByClose(new Map([[at('06:15'), LONG3]])), rec));
    // Asked: floor_0.1(10,000 x 3 / 10) = 3,000 (margin 10,000); allowed: 0.4 x 10,000 x 3 / 10 = 1,200.
    expect(rec.fillLog()).toEqual([['d0 06:15:00.000', 'buy', 1200, 10, 'entry']]);
    expect(rec.risk).toHaveLength(1);
    const d = rec.risk[0];
    expect(d).toMatchObject({ time: at('06:15'), rule: 'margin_cap', outcome: 'resized', origin: 'auto' });
    expect(d?.numbers).toEqual({
      marginAfter: 10_000,
      otherMargin: 0,
      equity: 10_000,
      maxMarginFraction: 0.4,
      maxMargin: 4_000,
      leverage: 3,
      price: 10,
      allowedQuantity: 1_200,
    });
    expect(d?.message).toBe(
      'margin 10,000 > 40% of equity 10,000 = 4,000: position cut from 3,000 to 1,200 at 3x',
    );
    // The position holds exactly 40% of the equity it was sized on as margin, at 3x.
    const margin = r.equity.column('marginUsed');
    expect(margin[1]).toBe(4_000);
    expect(r.equity.column('position')[1]).toBe(1_200);
    expect(r.riskByRule.margin_cap).toEqual({ refused: 0, resized: 1, halted: 0 });
  });

  it('SYNTHETIC: sizes at the open it fills at (10.3 after a close of 10): floor_0.1(12,000 / 10.3) = 1,165', () => {
    const bars: Ohlc[] = [flat(10), flat(10), [10.3, 10.3, 10.3, 10.3], flat(10.3)];
    store15m(t.store, at('06:00'), bars);
    const rec = new Recorder();
    runBacktest(t.store, input(scriptedByClose(new Map([[at('06:30'), LONG3]])), rec));
    // 3,000 x 10 / 10.3 -> asked floor_0.1(30,000 / 10.3) = 2,912.6; allowed 4,000 x 3 / 10.3 = 1,165.048...
    expect(rec.fillLog()).toEqual([['d0 06:30:00.000', 'buy', 1165, 10.3, 'entry']]);
    expect(rec.risk[0]?.numbers).toMatchObject({ price: 10.3, allowedQuantity: 1165, maxMargin: 4000 });
    expect(rec.risk[0]?.numbers['marginAfter']).toBeCloseTo((2912.6 * 10.3) / 3, 9);
  });

  it('SYNTHETIC: asking 5x is cut to the 3x cap first (same margin), then to the 40% margin cap', () => {
    store15m(
      t.store,
      at('06:00'),
      Array.from({ length: 4 }, () => flat(10)),
    );
    const rec = new Recorder();
    const r = runBacktest(
      t.store,
      input(scriptedByClose(new Map([[at('06:15'), { side: 'long', leverage: 5, tag: 'entry' }]])), rec),
    );
    expect(rec.risk.map((d) => [d.rule, d.outcome, d.numbers['allowedQuantity']])).toEqual([
      ['leverage_cap', 'resized', 3_000], // 5,000 at 5x -> 3,000 at 3x (margin 10,000 either way)
      ['margin_cap', 'resized', 1_200],
    ]);
    expect(rec.fillLog()).toEqual([['d0 06:15:00.000', 'buy', 1200, 10, 'entry']]);
    const trade = r.trades[0];
    expect(trade, 'the position is still open at the end: no closed trade').toBeUndefined();
    expect(r.equity.column('marginUsed')[1]).toBe(4_000);
  });

  it('SYNTHETIC: in the high-volatility regime the caps are 2x and 25%: 3x asked -> 500 NMR at 2x', () => {
    // 24 h of closes alternating 10 and 10.3 (each 15m log return +-2.956%): annualised volatility
    // sqrt(96 x 0.02956^2 x 365) = 5.5 (550%) >= 1.5 once a full 24 h window has been seen, which is
    // at the 06:15 close of day 1 (the first close was 06:15 on day 0). No bar ranges near 8%.
    const bars: Ohlc[] = [];
    for (let i = 0; i < 4 * 26; i++) {
      const open = i % 2 === 0 ? 10 : 10.3;
      const close = i % 2 === 0 ? 10.3 : 10;
      bars.push([open, Math.max(open, close), Math.min(open, close), close]);
    }
    store15m(t.store, at('06:00'), bars);
    const rec = new Recorder();
    const regimes: string[] = [];
    const strategy = scriptedByClose(new Map([[at('06:30', 1), LONG3]]));
    const probe: Strategy = {
      name: 'probe',
      onBar(bar: BarEvent, ctx: StrategyContext) {
        if (bar.closeTime === at('06:00', 1) || bar.closeTime === at('06:15', 1))
          regimes.push(ctx.risk()?.regime ?? 'none');
        strategy.onBar?.(bar, ctx);
      },
    };
    runBacktest(t.store, input(probe, rec));
    expect(regimes, 'regime at the 06:00 and 06:15 closes of day 1').toEqual(['normal', 'high_volatility']);
    // The bar opening at 06:30 on day 1 opens at 10 (even index from 06:00 day 0).
    // Leverage: 3,000 at 3x -> 2,000 at 2x; margin: 0.25 x 10,000 x 2 / 10 = 500.
    expect(rec.risk.map((d) => [d.rule, d.outcome, d.numbers['allowedQuantity']])).toEqual([
      ['high_volatility', 'resized', 2_000],
      ['high_volatility', 'resized', 500],
    ]);
    expect(rec.fillLog()).toEqual([['d1 06:30:00.000', 'buy', 500, 10, 'entry']]);
  });

  it('SYNTHETIC: a 1x position holding 40% cannot grow at 2x: the posted 4,000 already fills the cap', () => {
    // Long 1x at the 06:15 close: 10,000 / 10 = 1,000 asked, cut to 400 (margin 4,000, fee 2). At the
    // 06:30 close long 2x: the margin counted is the posted 4,000 plus the increase at 2x, and
    // 0.4 x 9,998 = 3,999.2 leaves no room. (Valuing the whole position at 2x, 799.8 x 10 / 2 = 3,999,
    // would have let 399.8 more in and committed 5,999, 60% of equity: the gap these tests first found.)
    store15m(
      t.store,
      at('06:00'),
      Array.from({ length: 4 }, () => flat(10)),
    );
    const rec = new Recorder();
    const plan = new Map<number, TargetPosition>([
      [at('06:15'), { side: 'long', leverage: 1, tag: 'entry' }],
      [at('06:30'), { side: 'long', leverage: 2, tag: 'grow' }],
    ]);
    const r = runBacktest(t.store, input(scriptedByClose(plan), rec));
    expect(rec.fillLog()).toEqual([['d0 06:15:00.000', 'buy', 400, 10, 'entry']]);
    expect(rec.riskLog()).toEqual([
      ['d0 06:15:00.000', 'margin_cap', 'resized'],
      ['d0 06:30:00.000', 'margin_cap', 'refused'],
    ]);
    expect(rec.risk[1]?.numbers).toMatchObject({ positionMargin: 4000, allowedQuantity: 400 });
    expect(rec.risk[1]?.numbers['maxMargin']).toBeCloseTo(3999.2, 9);
    expect(r.equity.column('marginUsed')[2]).toBe(4000);
  });

  it('SYNTHETIC: growing a 3x position at 2x counts its posted margin plus the increase at 2x', () => {
    // Long 3x at 06:15 -> 1,200 (margin 4,000).
    // The price rises to 12: equity 10,000 - 6 + 1,200 x 2 = 12,394, posted margin still 4,000.
    // Long 2x at the 06:45 close: room = 0.4 x 12,394 - 4,000 = 957.6; at 2x and 12 that is
    // 957.6 x 2 / 12 = 159.6 NMR more: position 1,359.6.
    store15m(t.store, at('06:00'), [flat(10), flat(10), [12, 12, 12, 12], flat(12), flat(12)]);
    const rec = new Recorder();
    const plan = new Map<number, TargetPosition>([
      [at('06:15'), { side: 'long', leverage: 3, tag: 'entry' }],
      [at('06:45'), { side: 'long', leverage: 2, tag: 'grow' }],
    ]);
    const r = runBacktest(t.store, input(scriptedByClose(plan), rec));
    expect(rec.fillLog()).toEqual([
      ['d0 06:15:00.000', 'buy', 1200, 10, 'entry'],
      ['d0 06:45:00.000', 'buy', 159.6, 12, 'grow'],
    ]);
    const grow = rec.risk[1];
    expect(grow).toMatchObject({ rule: 'margin_cap', outcome: 'resized' });
    expect(grow?.numbers).toMatchObject({
      positionMargin: 4000,
      equity: 12_394,
      leverage: 2,
      allowedQuantity: 1359.6,
    });
    expect(r.equity.column('marginUsed')[3]).toBeCloseTo(4000 + (159.6 * 12) / 2, 9);
    expect(r.equity.column('marginUsed')[3]).toBeLessThanOrEqual(0.4 * 12_394);
  });
});
