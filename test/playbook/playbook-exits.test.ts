import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BacktestResult, runBacktest } from '../../src/backtest/index.js';
import { type TempStore, tempStore } from '../../src/backtest/test-helpers.js';
import { parseConfig } from '../../src/config/index.js';
import type { Strategy } from '../../src/strategy/index.js';
import {
  type PlaybookDecisionSnapshot,
  createPlaybookStrategy,
} from '../../src/strategy/playbook/nmr-playbook.js';
import { type Ohlc, Recorder, at, flat, input, iso, store15m } from './scenario.js';

/**
 * Issue 4 point 4, the playbook's exits through the whole engine: the real `nmr-playbook` strategy
 * with the default risk limits and default playbook settings, its signal windows shortened so a
 * SYNTHETIC 15m path of a few bars warms it up: momentum over 1 and 2 bars (0.25 h, 0.5 h) normalised
 * by the volatility of the last 2 one-bar returns, and a 2-bar mean-reversion band. No network or
 * sentiment data: the price family carries the whole score (`renormalise`), and with sentiment
 * missing the agreement rule `when-available` does not block.
 *
 * The entry every test shares: flat 10 from 06:00, then the 07:00-07:15 bar closes at 10.23.
 * - momentum: the last two one-bar returns are 0 and r = ln(1.023), sigma = r/2; the 1-bar return r
 *   scores tanh(r / sigma) = tanh(2) and the 2-bar return r scores tanh(r / (sigma sqrt 2)) = tanh(sqrt 2):
 *   (0.964028 + 0.888385) / 2 = 0.926207;
 * - mean reversion: closes 10 and 10.23 have z = +1, value -1/2;
 * - funding: no settlement yet (the first is 08:00), missing;
 * - score = (0.5 x 0.926207 + 0.25 x (-0.5)) / 0.75 = 0.450804 >= 0.3: long, signal type `momentum`.
 * Decided at the 07:15 close, filled at the 07:15 open at 10.23: floor_0.1(0.4 x 10,000 x 3 / 10.23) =
 * 1,173 NMR (the margin cap), then the reduce-only stop at 10.23 x 0.975 = 9.97425, which the venue
 * puts on the 0.001 tick upward for a sell stop (it triggers no later than asked): 9.975.
 */

const SHORT_WINDOWS = parseConfig({
  signals: {
    momentum: { horizonsHours: [0.25, 0.5], volatilityWindowHours: 0.5 },
    meanReversion: { windowHours: 0.5 },
  },
});

function playbook(): Strategy {
  const { signals, risk, playbook: settings } = SHORT_WINDOWS;
  return createPlaybookStrategy({ signals, risk, playbook: settings });
}

const ENTRY_SCORE = (0.5 * ((Math.tanh(2) + Math.tanh(Math.SQRT2)) / 2) + 0.25 * -0.5) / 0.75;

/** Warm-up at 10 from 06:00, the 07:00 bar up to 10.23, then `after` from 07:15 on. */
function longPath(after: readonly Ohlc[]): Ohlc[] {
  return [flat(10), flat(10), flat(10), flat(10), [10, 10.23, 10, 10.23], ...after];
}

describe('nmr-playbook exits through the engine (synthetic 15m paths, default risk limits)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  const run = (bars: readonly Ohlc[]): { r: BacktestResult; rec: Recorder } => {
    store15m(t.store, at('06:00'), bars);
    const rec = new Recorder();
    return { r: runBacktest(t.store, input(playbook(), rec)), rec };
  };

  it('SYNTHETIC: enters long at 10.23 with its stop at 9.975; a bar gapping to 9.8 fills the stop at that open, exit reason stop_loss', () => {
    const { r, rec } = run(longPath([flat(10.23), flat(10.23), [9.8, 9.8, 9.7, 9.7], flat(9.7)]));
    const entry = rec.decisions[0];
    expect(entry?.time).toBe(at('07:15'));
    const snapshot = (entry?.detail as { snapshot?: PlaybookDecisionSnapshot }).snapshot;
    expect(snapshot?.signalType).toBe('momentum');
    expect(snapshot?.score).toBeCloseTo(ENTRY_SCORE, 12);
    expect(entry?.detail).toMatchObject({ side: 'long', leverage: 3, tag: 'momentum' });

    const stop = rec.orders.find((o) => o.type === 'stop_market');
    expect(stop).toMatchObject({ side: 'sell', reduceOnly: true, quantity: 1173, triggerPrice: 9.975 });
    expect(stop?.createdAt).toBe(at('07:15'));
    // The stop as the strategy asked it, before the venue's tick rounding.
    const asked = rec.decisions.find((d) => d.kind === 'order')?.detail as { triggerPrice?: number };
    expect(asked.triggerPrice).toBeCloseTo(10.23 * 0.975, 12);

    // The 07:45-08:00 bar opens at 9.8, below the trigger: the stop fills at that open, not at 9.975,
    // stamped at the end of the bar's path (08:00 - 1 ms).
    expect(rec.fillLog().slice(0, 2)).toEqual([
      ['d0 07:15:00.000', 'buy', 1173, 10.23, 'momentum'],
      ['d0 07:59:59.999', 'sell', 1173, 9.8, 'stop_loss'],
    ]);
    const trade = r.trades[0];
    expect(trade).toMatchObject({
      side: 'long',
      signalType: 'momentum',
      entryTime: at('07:15'),
      entryPrice: 10.23,
      exitTime: at('08:00') - 1,
      exitPrice: 9.8,
      exitReason: 'stop_loss',
      quantity: 1173,
      leverage: 3,
    });
    expect(trade?.grossPnl).toBeCloseTo(1173 * (9.8 - 10.23), 9);
    expect((trade?.entrySnapshot as PlaybookDecisionSnapshot | undefined)?.signalType).toBe('momentum');
  });

  it('SYNTHETIC: a bar trading down through the stop without a gap fills it at the trigger 9.975', () => {
    const { r, rec } = run(longPath([flat(10.23), [10.23, 10.23, 9.9, 9.95], flat(9.95)]));
    expect(rec.fillLog()[1]).toEqual(['d0 07:44:59.999', 'sell', 1173, 9.975, 'stop_loss']);
    expect(r.trades[0]?.exitReason).toBe('stop_loss');
  });

  it('SYNTHETIC: a short after a fall to 9.77 gets its buy stop at 9.77 x 1.025 = 10.01425, put on the tick downward: 10.014', () => {
    const bars: Ohlc[] = [
      flat(10),
      flat(10),
      flat(10),
      flat(10),
      [10, 10, 9.77, 9.77],
      flat(9.77),
      [10.2, 10.3, 10.2, 10.3],
    ];
    const { r, rec } = run(bars);
    // floor_0.1(0.4 x 10,000 x 3 / 9.77) = floor_0.1(1,228.25) = 1,228.2
    expect(rec.orders.find((o) => o.type === 'stop_market')).toMatchObject({
      side: 'buy',
      quantity: 1228.2,
      triggerPrice: 10.014,
    });
    expect(rec.fillLog().slice(0, 2)).toEqual([
      ['d0 07:15:00.000', 'sell', 1228.2, 9.77, 'momentum'],
      ['d0 07:44:59.999', 'buy', 1228.2, 10.2, 'stop_loss'],
    ]);
    expect(r.trades[0]).toMatchObject({ side: 'short', exitReason: 'stop_loss', exitPrice: 10.2 });
  });

  it('SYNTHETIC: on a flat path the position is closed by time_exit at the first close 6 h after entry (13:15), filled at the 13:15 open', () => {
    // Entered at 07:15; flat at 10.23 (never in profit: the close must be above the entry) until 15:00.
    const after = Array.from({ length: 31 }, () => flat(10.23));
    const { r, rec } = run(longPath(after));
    const exit = rec.decisions.filter((d) => d.kind === 'target')[1];
    expect(exit?.time).toBe(at('13:15'));
    expect(exit?.detail).toMatchObject({ side: 'flat', tag: 'time_exit' });
    expect((exit?.detail as { snapshot?: PlaybookDecisionSnapshot }).snapshot?.reason).toBe(
      'not in profit after 6 h',
    );
    expect(rec.fillLog()).toEqual([
      ['d0 07:15:00.000', 'buy', 1173, 10.23, 'momentum'],
      ['d0 13:15:00.000', 'sell', 1173, 10.23, 'time_exit'],
    ]);
    expect(r.trades.map((x) => [x.exitReason, iso(x.exitTime), x.exitPrice])).toEqual([
      ['time_exit', 'd0 13:15:00.000', 10.23],
    ]);
    // The stop was canceled by the venue when the position closed (reduce-only, nothing left to reduce).
    const stopStates = rec.orders.filter((o) => o.type === 'stop_market').map((o) => o.status);
    expect(stopStates).toEqual(['open', 'canceled']);
  });

  it('SYNTHETIC: a position in profit at 6 h is kept; time_exit comes at the first later close where it is not', () => {
    // 10.3 from the 08:00 bar to the 13:45 bar (in profit at 13:15), back to 10.23 at the 14:00-14:15
    // bar: first close >= 6 h after entry not in profit: 14:15; filled at the 14:15 open.
    const after: Ohlc[] = [flat(10.23), flat(10.23), flat(10.23)];
    for (let k = 0; k < 24; k++) after.push(flat(10.3));
    after.push([10.3, 10.3, 10.23, 10.23], flat(10.23), flat(10.23));
    const { r, rec } = run(longPath(after));
    expect(rec.fillLog()).toEqual([
      ['d0 07:15:00.000', 'buy', 1173, 10.23, 'momentum'],
      ['d0 14:15:00.000', 'sell', 1173, 10.23, 'time_exit'],
    ]);
    expect(r.trades[0]?.exitReason).toBe('time_exit');
  });

  it('SYNTHETIC: a fall to 10.1 (above the stop) turns the score to -0.4508: signal_reversal at the 08:00 close, filled at the 08:00 open', () => {
    // At the 08:00 close: momentum -0.926207 (the mirror of the entry), mean reversion +0.5, funding
    // still missing (the 08:00 settlement comes after the bar that closes at 08:00, before the next
    // opens): (0.5 x (-0.926207) + 0.25 x 0.5) / 0.75 = -0.450804 <= -0.3.
    const { r, rec } = run(
      longPath([flat(10.23), flat(10.23), [10.23, 10.23, 10.1, 10.1], flat(10.1), flat(10.1)]),
    );
    const exit = rec.decisions.filter((d) => d.kind === 'target')[1];
    expect(exit?.time).toBe(at('08:00'));
    const snapshot = (exit?.detail as { snapshot?: PlaybookDecisionSnapshot }).snapshot;
    expect(snapshot?.signalType).toBe('signal_reversal');
    expect(snapshot?.score).toBeCloseTo(-ENTRY_SCORE, 12);
    expect(rec.fillLog()).toEqual([
      ['d0 07:15:00.000', 'buy', 1173, 10.23, 'momentum'],
      ['d0 08:00:00.000', 'sell', 1173, 10.1, 'signal_reversal'],
    ]);
    expect(r.trades[0]?.exitReason).toBe('signal_reversal');
  });
});
