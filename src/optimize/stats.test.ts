import { describe, expect, it } from 'vitest';
import { SynthRandom } from '../data/index.js';
import { combinations, probabilityOfOverfitting } from './pbo.js';
import { deflatedSharpe, expectedMaxSharpe, moments, normalCdf, normalQuantile } from './stats.js';

describe('normal distribution', () => {
  it('matches tabulated quantiles and round-trips through the CDF', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  });
});

describe('deflated Sharpe ratio', () => {
  it('reproduces the worked example of Bailey & López de Prado (2014)', () => {
    // Annual SR 2.5 over 1250 daily returns (250 a year), skew -3, kurtosis 10, 100 trials whose
    // annual Sharpe ratios have variance 0.5. By hand: SR = 2.5/√250 = 0.15811,
    // SR0 = √(0.5/250) x (0.42279 x Z(0.99) + 0.57721 x Z(1 - 1/(100e))) = 0.04472 x 2.53104 = 0.11319,
    // DSR = Φ((0.15811 - 0.11319) x √1249 / √(1 + 3 x 0.15811 + 9/4 x 0.15811²)) = Φ(1.2838) = 0.9004.
    const r = deflatedSharpe({
      sharpe: 2.5 / Math.sqrt(250),
      observations: 1250,
      skew: -3,
      kurtosis: 10,
      trials: 100,
      sharpeVariance: 0.5 / 250,
    });
    expect(r.expectedMax).toBeCloseTo(0.1132, 4);
    expect(r.dsr).toBeCloseTo(0.9004, 3);
  });

  it('expects no maximum from a single trial and more from more trials', () => {
    expect(expectedMaxSharpe(1, 1)).toBe(0);
    expect(expectedMaxSharpe(1000, 1)).toBeGreaterThan(expectedMaxSharpe(10, 1));
  });

  it('computes sample moments by hand', () => {
    // 1, 2, 3, 4: mean 2.5, population variance 1.25, sample stdev √(5/3), skew 0, kurtosis 1.64
    const m = moments([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(m.skew).toBeCloseTo(0, 12);
    expect(m.kurtosis).toBeCloseTo((0.5 * (2.25 ** 2 + 0.25 ** 2)) / 1.25 ** 2, 12);
  });
});

describe('probability of backtest overfitting (CSCV)', () => {
  it('counts C(S, S/2) splits', () => {
    expect(combinations(4, 2)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(combinations(8, 4)).toHaveLength(70);
  });

  it('is 0 when one trial dominates every slice', () => {
    const rng = new SynthRandom(7);
    const noise = Array.from({ length: 5 }, () => Array.from({ length: 64 }, () => 0.01 * rng.normal()));
    // Trial 0 earns 0.05 more than trial 1... every day, with the same noise: best everywhere.
    const base = Array.from({ length: 64 }, () => 0.01 * rng.normal());
    const trials = [
      base.map((x) => x + 0.05),
      ...noise.map((n, i) => n.map((x, t) => x + (base[t] as number) - 0.01 * i)),
    ];
    const r = probabilityOfOverfitting(trials, 8);
    expect(r.splits).toBe(70);
    expect(r.pbo).toBe(0);
    // Best of 6 ranks 6 out of sample every time: λ = ln((6/7)/(1/7)) = ln 6.
    expect(r.logits.every((l) => Math.abs(l - Math.log(6)) < 1e-12)).toBe(true);
  });

  it('is near 1/2 for pure noise trials (synthetic, seed 20261126)', () => {
    const rng = new SynthRandom(20261126);
    const trials = Array.from({ length: 40 }, () => Array.from({ length: 160 }, () => 0.01 * rng.normal()));
    const r = probabilityOfOverfitting(trials, 10);
    console.log(`PBO of 40 pure-noise trials x 160 days, S=10: ${r.pbo.toFixed(4)} over ${r.splits} splits`);
    expect(r.splits).toBe(252);
    expect(r.pbo).toBeGreaterThan(0.3);
    expect(r.pbo).toBeLessThan(0.7);
  });

  it('refuses an odd number of groups and ragged trials', () => {
    expect(() =>
      probabilityOfOverfitting(
        [
          [1, 2, 3, 4],
          [1, 2, 3, 4],
        ],
        3,
      ),
    ).toThrow(/even/);
    expect(() =>
      probabilityOfOverfitting(
        [
          [1, 2, 3, 4],
          [1, 2, 3],
        ],
        2,
      ),
    ).toThrow(/same periods/);
  });
});
