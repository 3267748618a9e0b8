import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/index.js';
import { H, T0, type TempStore, exactSpec, storeHourlyBars, tempStore } from '../backtest/test-helpers.js';
import { defaultConfig } from '../config/index.js';
import { loadStrategy } from '../strategy/index.js';
import { createStrategy as emaCross } from '../../examples/ema-cross.js';
import { type TrialResult } from './job.js';
import { parseConstraint, resolveObjective } from './objective.js';
import { loadMarketData } from './market-data.js';
import { optimize, optimizeOnMarket, type OptimizeProgress } from './optimize.js';
import { parseSpace } from './space.js';

/** Synthetic market: 400 hourly bars of a drifting sine wave with a deterministic wiggle. */
function syntheticBars(): number[][] {
  return Array.from({ length: 400 }, (_, i) => {
    const mid = (j: number): number => 10 + 0.004 * j + 1.2 * Math.sin(j / 17) + 0.15 * Math.sin(j * 1.7);
    const o = mid(i);
    const c = mid(i + 1);
    return [o, Math.max(o, c) + 0.05, Math.min(o, c) - 0.05, c];
  });
}

const SPACE = parseSpace({
  fast: { type: 'choice', values: [3, 5, 8] },
  slow: { type: 'choice', values: [12, 24] },
});

describe('optimize (synthetic market, ema-cross)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
    storeHourlyBars(t.store, syntheticBars());
  });
  afterEach(() => t.cleanup());

  it('grid search gives exactly the results of running each backtest by hand', async () => {
    const progress: OptimizeProgress[] = [];
    const report = await optimize({
      store: t.store,
      spec: exactSpec(),
      strategy: 'ema-cross',
      space: SPACE,
      searcher: 'grid',
      objective: 'sharpe',
      trials: 100,
      onProgress: (p) => progress.push(p),
    });
    const search = report.search;
    expect(search?.trials).toHaveLength(6);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      progress.every((p) => p.total === 6),
      'the grid has 6 points, fewer than the 100 trials asked',
    ).toBe(true);

    let handBest: { params: Record<string, number>; sharpe: number } | undefined;
    for (const [i, fast] of [3, 5, 8].entries()) {
      for (const [j, slow] of [12, 24].entries()) {
        const r = runBacktest(t.store, {
          ...exactSpec(),
          strategy: await loadStrategy('ema-cross', { fast, slow }),
        });
        const trial = search?.trials[i * 2 + j] as TrialResult;
        expect(trial.params).toEqual({ fast, slow });
        expect(trial.metrics).toEqual(r.metrics);
        expect(trial.score).toBe(r.metrics.sharpe);
        expect(trial.equity.time, 'trials keep daily returns, not the bar-by-bar curve').toEqual([]);
        if (!handBest || r.metrics.sharpe > handBest.sharpe)
          handBest = { params: { fast, slow }, sharpe: r.metrics.sharpe };
      }
    }
    expect(search?.best?.params).toEqual(handBest?.params);
    expect(search?.best?.score).toBe(handBest?.sharpe);
    console.log(
      `best ${JSON.stringify(search?.best?.params)} sharpe ${search?.best?.score}`,
      search?.diagnostics,
    );
    expect(search?.diagnostics?.trials).toBe(6);
  });

  it('reports trials that break a constraint as -Infinity with the reason', async () => {
    const report = await optimize({
      store: t.store,
      spec: exactSpec(),
      strategy: emaCross,
      space: SPACE,
      searcher: 'grid',
      objective: resolveObjective('return-drawdown'),
      constraints: [parseConstraint('trades >= 1000')],
      trials: 2,
    });
    expect(report.search?.trials).toHaveLength(2);
    expect(report.search?.best).toBeUndefined();
    for (const trial of report.search?.trials ?? []) {
      expect(trial.score).toBe(-Infinity);
      expect(trial.rejected[0]).toMatch(/^trades >= 1000 \(was \d+\)$/);
    }
  });

  it('rejects a trial whose config path makes the config invalid, naming the path', async () => {
    const report = await optimize({
      store: t.store,
      spec: exactSpec(),
      strategy: emaCross,
      space: parseSpace({ 'signals.weights.price': { type: 'choice', values: [0.4, 0.9] } }),
      base: { config: defaultConfig() },
      searcher: 'grid',
      objective: 'sharpe',
      trials: 2,
    });
    const [valid, invalid] = report.search?.trials ?? [];
    expect(valid?.score).toBeGreaterThan(-Infinity);
    expect(invalid?.score).toBe(-Infinity);
    expect(invalid?.rejected[0]).toMatch(/signals\.weights.*must sum to 1/);
  });

  it('walks forward: the in-sample best runs out of sample exactly as a hand backtest, and the OOS curves are chained', async () => {
    const report = await optimize({
      store: t.store,
      spec: exactSpec(),
      strategy: emaCross,
      space: SPACE,
      searcher: 'grid',
      objective: 'total-return',
      trials: 6,
      walkForward: { mode: 'rolling', inSampleBars: 200, outOfSampleBars: 90, purgeBars: 5 },
    });
    const steps = report.walkForward?.steps ?? [];
    expect(steps.map((s) => s.window.outOfSampleBars)).toEqual([
      [205, 295],
      [295, 385],
    ]);
    for (const s of steps) {
      const oos = s.outOfSample as TrialResult;
      expect(oos.params).toEqual(s.inSample.best?.params);
      const hand = runBacktest(t.store, {
        ...exactSpec({ from: s.window.outOfSample.from, to: s.window.outOfSample.to }),
        strategy: emaCross(oos.params),
      });
      expect(oos.metrics).toEqual(hand.metrics);
      expect(s.inSample.window).toEqual({
        from: T0 + (s.window.inSampleBars[0] ?? 0) * H,
        to: T0 + (s.window.inSampleBars[1] ?? 0) * H,
      });
    }
    const stitched = report.walkForward?.stitched;
    expect(stitched?.equity).toHaveLength(180);
    const first = steps[0]?.outOfSample as TrialResult;
    const second = steps[1]?.outOfSample as TrialResult;
    const end1 = first.equity.equity[89] as number;
    expect(stitched?.equity[89]).toBe(end1);
    // The second window compounds on the first's end: its final equity x end1 / 1000.
    expect(stitched?.equity[179]).toBeCloseTo(((second.equity.equity[89] as number) * end1) / 1000, 9);
  });

  it('reads the store once: trials run on the loaded market after the store is closed', async () => {
    const market = loadMarketData(t.store, exactSpec());
    const expected = await optimize({
      store: t.store,
      spec: exactSpec(),
      strategy: emaCross,
      space: SPACE,
      searcher: 'random',
      seed: 3,
      objective: 'sharpe',
      trials: 3,
    });
    t.store.close();
    const report = await optimizeOnMarket(market, {
      spec: exactSpec(),
      strategy: emaCross,
      space: SPACE,
      searcher: 'random',
      seed: 3,
      objective: 'sharpe',
      trials: 3,
    });
    expect(report.search?.trials.map((r) => [r.params, r.metrics])).toEqual(
      expected.search?.trials.map((r) => [r.params, r.metrics]),
    );
  });
});
