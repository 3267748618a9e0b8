import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/index.js';
import { type TempStore, tempStore } from '../../src/backtest/test-helpers.js';
import type { TargetPosition } from '../../src/strategy/index.js';
import { type Ohlc, Recorder, at, flat, input, iso, scriptedByClose, store15m } from './scenario.js';

/**
 * Issue 4 point 4, circuit breaker, through the whole engine (runBacktest with the default risk limits)
 * on a SYNTHETIC 15m path: a move of more than 8% within 15 minutes closes the position at the next
 * bar's open, halts entries, and entries resume only after 2 h without a new trigger.
 *
 * The path starts at 06:00 UTC (after the thin hours) at a flat 10; the 10:00-10:15 bar ranges from
 * 10 to 10.81: (10.81 - 10) / 10 = 8.1% > 8%, the order inside the bar unknown, so it counts.
 */

const LONG: TargetPosition = { side: 'long', leverage: 3, tag: 'entry' };

/** Flat 10 from 06:00 to 14:00 (32 bars), with the given bars replaced by open time. */
function path(special: ReadonlyMap<number, Ohlc>): Ohlc[] {
  const start = at('06:00');
  return Array.from({ length: 32 }, (_, i) => special.get(start + i * 15 * 60_000) ?? flat(10));
}

describe('circuit breaker through the engine (synthetic 15m path)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  it('SYNTHETIC: an 8.1% bar at 10:00-10:15 closes the long at the 10:15 open, refuses entries at 11:00 and 12:00, and lets one in at 12:15', () => {
    store15m(t.store, at('06:00'), path(new Map([[at('10:00'), [10, 10.81, 10, 10] as const]])));
    const plan = new Map<number, TargetPosition>([
      [at('07:00'), LONG],
      [at('11:00'), LONG],
      [at('12:00'), LONG],
      [at('12:15'), LONG],
    ]);
    const rec = new Recorder();
    const r = runBacktest(t.store, input(scriptedByClose(plan), rec));

    // The entry at 07:00: 10,000 x 3 / 10 = 3,000 asked, cut by the 40% margin cap to 1,200 (see
    // margin-cap.test.ts). The breaker's flatten at the 10:15 open; the entry at 12:15 is sized on the
    // equity after the round trip: 10,000 - 2 x (1,200 x 10 x 0.0005) = 9,988 -> 0.4 x 9,988 x 3 / 10.
    expect(rec.fillLog()).toEqual([
      ['d0 07:00:00.000', 'buy', 1200, 10, 'entry'],
      ['d0 10:15:00.000', 'sell', 1200, 10, 'circuit_breaker'],
      ['d0 12:15:00.000', 'buy', 1198.5, 10, 'entry'],
    ]);
    const closed = r.trades[0];
    expect(closed?.exitReason, 'the trade the breaker closed').toBe('circuit_breaker');
    expect(closed?.exitTime).toBe(at('10:15'));
    expect(closed?.exitPrice).toBe(10);

    // Every risk decision of the run, in order: the two margin resizes, the trip (flatten) at the close
    // of the violent bar, two refusals while halted, the resume at 12:15 (2 h after the trip).
    expect(rec.riskLog()).toEqual([
      ['d0 07:00:00.000', 'margin_cap', 'resized'],
      ['d0 10:15:00.000', 'circuit_breaker', 'flatten'],
      ['d0 11:00:00.000', 'circuit_breaker', 'refused'],
      ['d0 12:00:00.000', 'circuit_breaker', 'refused'],
      ['d0 12:15:00.000', 'circuit_breaker', 'resumed'],
      ['d0 12:15:00.000', 'margin_cap', 'resized'],
    ]);
    const trip = rec.risk[1];
    expect(trip?.numbers).toMatchObject({ movePct: 0.08, windowMinutes: 15, haltedUntil: at('12:15') });
    expect(trip?.numbers['move']).toBeCloseTo(0.081, 12);
    for (const refusal of rec.risk.filter((d) => d.outcome === 'refused')) {
      expect(refusal.numbers, `refusal at ${iso(refusal.time)}`).toEqual({ haltedUntil: at('12:15') });
      expect(refusal.message).toContain('until 2025-01-06T12:15:00.000Z');
    }
    expect(r.counts.circuitBreakerTrips).toBe(1);
    expect(r.riskByRule.circuit_breaker).toEqual({ refused: 2, resized: 0, halted: 1 });
    // The position column: long 1,200 from the 07:00 open to the 10:15 open, then flat until 12:15.
    const position = r.equity.column('position');
    const time = r.equity.column('time');
    const held = (close: number): number => position[Array.from(time).indexOf(close)] ?? NaN;
    expect([held(at('10:15')), held(at('10:30')), held(at('12:15')), held(at('12:30'))]).toEqual([
      1200, 0, 0, 1198.5,
    ]);
  });

  it('SYNTHETIC: a second trigger while halted restarts the 2 h of calm from its own bar close', () => {
    store15m(
      t.store,
      at('06:00'),
      path(
        new Map([
          [at('10:00'), [10, 10.81, 10, 10] as const],
          // 11:00-11:15 falls from 10.9 to 10: (10.9 - 10) / 10.9 = 8.26% down, 9% as a range.
          [at('11:00'), [10, 10.9, 10, 10] as const],
        ]),
      ),
    );
    const plan = new Map<number, TargetPosition>([
      [at('12:15'), LONG],
      [at('13:00'), LONG],
      [at('13:15'), LONG],
    ]);
    const rec = new Recorder();
    const r = runBacktest(t.store, input(scriptedByClose(plan), rec));
    expect(rec.riskLog()).toEqual([
      ['d0 10:15:00.000', 'circuit_breaker', 'flatten'],
      ['d0 11:15:00.000', 'circuit_breaker', 'flatten'],
      ['d0 12:15:00.000', 'circuit_breaker', 'refused'],
      ['d0 13:00:00.000', 'circuit_breaker', 'refused'],
      ['d0 13:15:00.000', 'circuit_breaker', 'resumed'],
      ['d0 13:15:00.000', 'margin_cap', 'resized'],
    ]);
    expect(rec.risk[3]?.numbers).toEqual({ haltedUntil: at('13:15') });
    expect(rec.fillLog()).toEqual([['d0 13:15:00.000', 'buy', 1200, 10, 'entry']]);
    expect(r.counts.riskRefused).toBe(2);
    expect(r.counts.circuitBreakerTrips, 'both trips counted in the result').toBe(2);
    expect(r.riskByRule.circuit_breaker).toEqual({ refused: 2, resized: 0, halted: 2 });
  });

  it('SYNTHETIC: a 7.9% bar does not trip the breaker', () => {
    store15m(t.store, at('06:00'), path(new Map([[at('10:00'), [10, 10.79, 10, 10] as const]])));
    const rec = new Recorder();
    const r = runBacktest(t.store, input(scriptedByClose(new Map([[at('07:00'), LONG]])), rec));
    expect(rec.riskLog()).toEqual([['d0 07:00:00.000', 'margin_cap', 'resized']]);
    expect(rec.fillLog()).toEqual([['d0 07:00:00.000', 'buy', 1200, 10, 'entry']]);
    expect(rec.risk.some((d) => d.rule === 'circuit_breaker')).toBe(false);
    expect(r.trades).toEqual([]);
  });
});
