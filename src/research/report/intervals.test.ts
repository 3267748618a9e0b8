import { describe, expect, it } from 'vitest';
import { bootstrapMeanDifference, fisherInterval, wilsonInterval } from './intervals.js';

describe('fisherInterval', () => {
  it('matches the hand-worked interval for r = 0.5, n = 28', () => {
    // atanh(0.5) = 0.549306; 1.96 / sqrt(25) = 0.392; tanh(0.157306) = 0.156021, tanh(0.941306) = 0.735822
    const ci = fisherInterval(0.5, 28);
    expect(ci.low, 'lower bound').toBeCloseTo(0.156021, 5);
    expect(ci.high, 'upper bound').toBeCloseTo(0.735822, 5);
  });

  it('is symmetric around zero for r = 0 and gives none below 4 samples', () => {
    const ci = fisherInterval(0, 103); // half width 1.96 / 10 = 0.196, tanh(0.196) = 0.193530
    expect(ci.high).toBeCloseTo(0.19353, 5);
    expect(ci.low).toBeCloseTo(-0.19353, 5);
    expect(fisherInterval(0.9, 3)).toEqual({ low: null, high: null });
    expect(fisherInterval(null, 50)).toEqual({ low: null, high: null });
  });
});

describe('wilsonInterval', () => {
  it('matches the hand-worked interval for 8 hits in 10', () => {
    // centre (0.8 + 3.8416/20) / 1.38416 = 0.716738; half 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 0.226583
    const ci = wilsonInterval(8, 10);
    expect(ci.low).toBeCloseTo(0.490155, 5);
    expect(ci.high).toBeCloseTo(0.943321, 5);
  });

  it('stays inside [0, 1] at the edges and gives none for n = 0', () => {
    const ci = wilsonInterval(0, 5); // upper 3.8416/5 / (1 + 3.8416/5) = 0.434491
    expect(ci.low).toBeCloseTo(0, 12);
    expect(ci.high).toBeCloseTo(0.434491, 5);
    expect(wilsonInterval(0, 0)).toEqual({ low: null, high: null });
  });
});

describe('bootstrapMeanDifference', () => {
  it('is deterministic for a seed and brackets the observed difference', () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const b = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    const one = bootstrapMeanDifference(a, b, { resamples: 1000, seed: 3 });
    const two = bootstrapMeanDifference(a, b, { resamples: 1000, seed: 3 });
    expect(one).toEqual(two);
    expect(one.low ?? NaN).toBeLessThan(5);
    expect(one.high ?? NaN).toBeGreaterThan(5);
    expect(one.low ?? NaN, 'a clearly above b').toBeGreaterThan(0);
  });
});
