import { describe, expect, it } from 'vitest';
import { type EpochMs, HOUR_MS, isoTime } from '../../core/index.js';
import { defaultConfig, parseConfig } from '../../config/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../../strategy/index.js';
import { checkColdStart, declaredBars } from './warm-up-check.js';
import { cutPoints } from './cut-check.js';
import { mergeEvents } from './event-stream.js';
import { playbookSignalSet } from './playbook-factory.js';
import { agrees, recordReadings } from './readings-table.js';
import { runLookaheadCheck } from './run-check.js';
import { cumulativeMeanFactory, emaFactory, peekingFactory, randomWalkStream, T0 } from './test-streams.js';

const smallSignals = parseConfig({
  signals: {
    momentum: { horizonsHours: [1, 4], volatilityWindowHours: 12 },
    meanReversion: { windowHours: 8 },
    staleAfterHours: { network: 48, sentiment: 12 },
  },
}).signals;

describe('mergeEvents', () => {
  it('orders data, then the bar close, then the funding settlement at one instant (as the backtest does)', () => {
    const t = (T0 + HOUR_MS) as EpochMs;
    const bar: BarEvent = {
      symbol: 'S',
      timeframe: '1h',
      candle: { openTime: T0 as EpochMs, open: 1, high: 1, low: 1, close: 1, volume: 1 },
      closeTime: t,
    };
    const funding: FundingRateEvent = {
      symbol: 'S',
      time: t,
      rate: 0,
      intervalHours: 8,
      rate8h: 0,
      markPrice: 1,
      source: 'real',
    };
    const data: DataEvent = { source: 'x', key: 'y', eventTime: t, availableAt: t, value: 1 };
    const stream = mergeEvents({ barMs: HOUR_MS, bars: [bar], funding: [funding], data: [data] });
    expect(stream.events.map((e) => e.kind)).toEqual(['data', 'bar', 'funding']);
  });
});

describe('cutPoints', () => {
  it('gives the count asked for, distinct and sorted, the last bar included, the same for the same seed', () => {
    const cuts = cutPoints(1000, 50, 7);
    expect(cuts).toHaveLength(50);
    expect(new Set(cuts).size).toBe(50);
    expect(cuts).toEqual([...cuts].sort((a, b) => a - b));
    expect(cuts.at(-1)).toBe(999);
    expect(cutPoints(1000, 50, 7)).toEqual(cuts);
    expect(cutPoints(1000, 50, 8)).not.toEqual(cuts);
    expect(cutPoints(5, 50, 1), 'all bars when there are fewer than the cuts').toEqual([0, 1, 2, 3, 4]);
  });
});

describe('agrees', () => {
  it('needs nulls on both sides, and numbers within the tolerance', () => {
    expect(agrees(null, null, 1e-12)).toBe(true);
    expect(agrees(null, 0, 1e-12)).toBe(false);
    expect(agrees(0.5, 0.5 + 1e-13, 1e-12)).toBe(true);
    expect(agrees(0.5, 0.5 + 1e-11, 1e-12)).toBe(false);
    expect(agrees(Number.NaN, Number.NaN, 1)).toBe(false);
  });
});

describe('runLookaheadCheck', () => {
  it('passes PlaybookSignals on a random walk with funding and sentiment data', () => {
    const stream = randomWalkStream(600);
    const report = runLookaheadCheck(playbookSignalSet(smallSignals, HOUR_MS), stream, { cuts: 40, seed: 3 });
    expect(report.signals.flatMap((s) => s.failures)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.cuts).toHaveLength(40);
    const bySignal = Object.fromEntries(report.signals.map((s) => [s.signal, s]));
    expect(bySignal['momentum']?.warmUpBarsNeeded, 'momentum needs exactly its declared closes').toBe(13);
    expect(bySignal['momentum']?.declaredBars).toBe(13);
    expect(bySignal['mean_reversion']?.warmUpBarsNeeded).toBe(8);
    expect(bySignal['sentiment']?.declaredBars, '12 h stale on 1h bars: agrees from bar 13').toBe(13);
    for (const s of report.signals) expect(s.cutsCompared).toBe(40);
  });

  it('fails a signal that reads the next bar through a precomputed column, naming it and a time', () => {
    const stream = randomWalkStream(300);
    const report = runLookaheadCheck(peekingFactory, stream, { cuts: 20, seed: 1 });
    expect(report.ok).toBe(false);
    const [peeking] = report.signals;
    expect(peeking?.signal).toBe('peeking_close');
    // Every cut but the last bar (where the full run has no next bar either) sees the leak.
    expect(peeking?.differences).toHaveLength(19);
    const first = peeking?.differences[0];
    expect(first?.other, 'the cut run cannot see the next close').toBeNull();
    expect(peeking?.failures[0]).toContain('peeking_close');
    expect(peeking?.failures[0]).toContain(isoTime(first?.time ?? 0));
    expect(peeking?.failures[0]).toMatch(/19 of 20 cuts differ/);
  });

  it('fails the warm-up check of a signal that depends on the first bar forever', () => {
    const report = runLookaheadCheck(cumulativeMeanFactory, randomWalkStream(400), { cuts: 10 });
    const [mean] = report.signals;
    expect(mean?.differences, 'it does not look ahead').toEqual([]);
    expect(mean?.warmUpBarsNeeded).toBe('never');
    expect(mean?.ok).toBe(false);
    expect(mean?.failures[0]).toMatch(
      /^cumulative_mean: started cold at .* it never agrees \(declared warm-up 10 bars\)/,
    );
    expect(report.ok).toBe(false);
  });

  it('reports the bar from which a recursive signal agrees, and fails it when declared shorter', () => {
    const stream = randomWalkStream(500);
    const long = runLookaheadCheck(emaFactory(0.2, 120), stream, { cuts: 5 });
    expect(long.ok, long.signals.flatMap((s) => s.failures).join('\n')).toBe(true);
    const needed = long.signals[0]?.warmUpBarsNeeded;
    expect(needed).toBeGreaterThan(20);
    expect(needed).toBeLessThanOrEqual(120);
    const short = runLookaheadCheck(emaFactory(0.2, 20), stream, { cuts: 5 });
    expect(short.ok).toBe(false);
    expect(short.signals[0]?.failures[0]).toContain(`agrees only from bar ${String(needed)}`);
  });
});

describe('checkColdStart', () => {
  it('does not verify a start with fewer bars after it than the declared warm-up', () => {
    const stream = randomWalkStream(100);
    const factory = playbookSignalSet(defaultConfig().signals, HOUR_MS);
    const full = recordReadings(factory.create(stream), stream);
    const results = checkColdStart(factory, stream, full, 90, { exact: 1e-12, recursive: 1e-6 });
    const momentum = results.find((r) => r.signal === 'momentum');
    expect(momentum?.verified).toBe(false);
    expect(momentum?.declaredBars).toBe(73);
  });
});

describe('declaredBars', () => {
  it('takes the later of the bars and the time, a datum exactly that old still counting', () => {
    expect(declaredBars({ bars: 5, kind: 'windowed' }, HOUR_MS)).toBe(5);
    expect(declaredBars({ ms: 12 * HOUR_MS, kind: 'windowed' }, HOUR_MS)).toBe(13);
    expect(declaredBars({ bars: 20, ms: 12 * HOUR_MS, kind: 'windowed' }, HOUR_MS)).toBe(20);
    expect(declaredBars(undefined, HOUR_MS)).toBe(1);
  });
});
