import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BacktestResult, runBacktest } from '../../src/backtest/index.js';
import { type TempStore, tempStore } from '../../src/backtest/test-helpers.js';
import { parseConfig } from '../../src/config/index.js';
import type { DataEvent } from '../../src/strategy/index.js';
import {
  type PlaybookDecisionSnapshot,
  createPlaybookStrategy,
} from '../../src/strategy/playbook/nmr-playbook.js';
import { type Ohlc, Recorder, at, flat, input, store15m } from './scenario.js';

/**
 * nmr-playbook's momentum/sentiment agreement (entries) and divergence (tighten or exit) through the
 * whole engine with the default risk limits, on SYNTHETIC 15m paths and SYNTHETIC sentiment data.
 * Signal windows are shortened as in playbook-exits.test.ts, and the mean-reversion band widened to
 * 10 standard deviations so the price family can clear the threshold with sentiment weighing against
 * it. No network data: price and sentiment share the score (renormalised 0.40/0.65 and 0.25/0.65).
 *
 * At the 07:15 close (the 07:00 bar up from 10 to 10.23): momentum M = (tanh 2 + tanh sqrt 2) / 2 =
 * 0.926207 (see playbook-exits.test.ts), mean reversion z = 1 -> -1/10, funding missing, so
 * price = (0.5 M - 0.25 x 0.1) / 0.75 = 0.584138; with sentiment s the score is
 * (0.4 x 0.584138 + 0.25 s) / 0.65: 0.397931 for s = +0.1, 0.321008 for s = -0.1.
 */

const M = (Math.tanh(2) + Math.tanh(Math.SQRT2)) / 2;
const PRICE = (0.5 * M - 0.25 * 0.1) / 0.75;
const scoreWith = (s: number): number => (0.4 * PRICE + 0.25 * s) / 0.65;

function playbook(divergence: 'tighten' | 'exit') {
  const c = parseConfig({
    signals: {
      momentum: { horizonsHours: [0.25, 0.5], volatilityWindowHours: 0.5 },
      meanReversion: { windowHours: 0.5, bandStdDevs: 10 },
    },
    playbook: { divergence },
  });
  return createPlaybookStrategy({ signals: c.signals, risk: c.risk, playbook: c.playbook });
}

/** A SYNTHETIC sentiment score known from `availableAt`. */
function sentiment(value: number, availableAt: number): DataEvent {
  return {
    source: 'sentiment',
    key: 'sentiment_score',
    eventTime: availableAt as DataEvent['eventTime'],
    availableAt: availableAt as DataEvent['availableAt'],
    value,
  };
}

/** Warm-up at 10 from 06:00, up to 10.23 in the 07:00 bar, up to 10.3 in the 07:15 bar, then 10.1. */
const PATH: Ohlc[] = [
  flat(10),
  flat(10),
  flat(10),
  flat(10),
  [10, 10.23, 10, 10.23],
  [10.23, 10.3, 10.23, 10.3],
  [10.3, 10.3, 10.1, 10.1],
  flat(10.1),
];

describe('nmr-playbook agreement and divergence through the engine (synthetic 15m paths and sentiment)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
    store15m(t.store, at('06:00'), PATH);
  });
  afterEach(() => t.cleanup());

  const run = (divergence: 'tighten' | 'exit', data: DataEvent[]): { r: BacktestResult; rec: Recorder } => {
    const rec = new Recorder();
    return { r: runBacktest(t.store, { ...input(playbook(divergence), rec), data }), rec };
  };

  it('SYNTHETIC: enters long when momentum and sentiment agree (score 0.3979 >= 0.3)', () => {
    const { rec } = run('tighten', [sentiment(0.1, at('06:30'))]);
    const entry = rec.decisions[0];
    expect(entry?.time).toBe(at('07:15'));
    const snapshot = (entry?.detail as { snapshot?: PlaybookDecisionSnapshot }).snapshot;
    expect(snapshot?.score).toBeCloseTo(scoreWith(0.1), 12);
    expect(snapshot?.families.sentiment.effectiveWeight).toBeCloseTo(0.25 / 0.65, 12);
    expect(rec.fillLog()[0]).toEqual(['d0 07:15:00.000', 'buy', 1173, 10.23, 'momentum']);
  });

  it('SYNTHETIC: does not enter when sentiment disagrees, although the score (0.3210) clears the threshold', () => {
    const { rec } = run('tighten', [sentiment(-0.1, at('06:30'))]);
    expect(scoreWith(-0.1)).toBeGreaterThan(0.3);
    expect(rec.decisions.filter((d) => d.time <= at('07:30'))).toEqual([]);
    expect(rec.fills.filter((f) => f.time <= at('07:30'))).toEqual([]);
  });

  it('SYNTHETIC: divergence while long (sentiment turns -0.1 at 07:20) tightens the stop to 1% under the 07:30 close; the fall to 10.1 fills it', () => {
    // 07:30 close: momentum > 0 (the last two returns are both up), sentiment -0.1: they diverge. The
    // score, 0.2865, is not a reversal. The stop moves from 9.975 to 10.3 x 0.99 = 10.197.
    const { r, rec } = run('tighten', [sentiment(0.1, at('06:30')), sentiment(-0.1, at('07:20'))]);
    const stops = rec.orders
      .filter((o) => o.type === 'stop_market')
      .map((o) => [o.triggerPrice, o.tag, o.status]);
    expect(stops.slice(0, 4), "the long trade's stops (a short follows the fall)").toEqual([
      [9.975, 'stop_loss', 'open'],
      [9.975, 'stop_loss', 'canceled'],
      [10.197, 'stop_tightened', 'open'],
      [10.197, 'stop_tightened', 'filled'],
    ]);
    expect(rec.fillLog().slice(0, 2)).toEqual([
      ['d0 07:15:00.000', 'buy', 1173, 10.23, 'momentum'],
      ['d0 07:44:59.999', 'sell', 1173, 10.197, 'stop_tightened'],
    ]);
    expect(r.trades[0]?.exitReason).toBe('stop_tightened');
  });

  it('SYNTHETIC: with playbook.divergence = exit the same divergence closes the long at the 07:30 open', () => {
    const { r, rec } = run('exit', [sentiment(0.1, at('06:30')), sentiment(-0.1, at('07:20'))]);
    const exit = rec.decisions.filter((d) => d.kind === 'target')[1];
    expect(exit?.time).toBe(at('07:30'));
    expect((exit?.detail as { snapshot?: PlaybookDecisionSnapshot }).snapshot).toMatchObject({
      signalType: 'divergence_exit',
      reason: 'momentum and sentiment disagree',
    });
    expect(rec.fillLog().slice(0, 2)).toEqual([
      ['d0 07:15:00.000', 'buy', 1173, 10.23, 'momentum'],
      ['d0 07:30:00.000', 'sell', 1173, 10.3, 'divergence_exit'],
    ]);
    expect(r.trades[0]?.exitReason).toBe('divergence_exit');
  });
});
