import { describe, expect, it } from 'vitest';
import { auc, averageRanks, brier, evaluate, hitRate, logLoss, spearman } from './metrics.js';

describe('averageRanks', () => {
  it('gives tied values their average rank', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
});

describe('auc', () => {
  it('counts the pairs a positive wins, ties as one half (hand-worked)', () => {
    // positives score 0.8, 0.4; negatives 0.5, 0.4, 0.1: pairs (P,N) won = 0.8 beats 3,
    // 0.4 beats 0.1, ties 0.4 (half), loses to 0.5 -> (3 + 1 + 0.5) / 6 = 0.75
    expect(auc([1, 0, 1, 0, 0], [0.8, 0.5, 0.4, 0.4, 0.1])).toBeCloseTo(0.75, 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, null with one class', () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(auc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
    expect(auc([1, 1], [0.1, 0.2])).toBeNull();
  });
});

describe('logLoss and brier', () => {
  it('match hand-worked values', () => {
    // -(ln 0.8 + ln(1 - 0.4)) / 2 = (0.22314 + 0.51083) / 2
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 2, 12);
    // ((0.8-1)^2 + 0.4^2) / 2 = (0.04 + 0.16) / 2 = 0.1
    expect(brier([1, 0], [0.8, 0.4])).toBeCloseTo(0.1, 12);
  });

  it('clips certain mistakes instead of returning Infinity', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6);
  });
});

describe('hitRate', () => {
  it('calls p > 0.5 a 1 and p = 0.5 a 0', () => {
    expect(hitRate([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.2])).toBe(0.75);
  });
});

describe('spearman', () => {
  it('is 1 for any increasing relation and -1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('matches a hand-worked value with ties', () => {
    // ranks x = 1,2,3,4 (deviations -1.5,-0.5,0.5,1.5); ranks y = 1.5,1.5,4,3 (deviations
    // -1,-1,1.5,0.5): sxy = 1.5 + 0.5 + 0.75 + 0.75 = 3.5, sxx = 5, syy = 4.5 -> 0.737865
    expect(spearman([1, 2, 3, 4], [0, 0, 9, 5])).toBeCloseTo(3.5 / Math.sqrt(5 * 4.5), 12);
  });

  it('is null for a constant input', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe('evaluate', () => {
  it('reports every metric with the sample count', () => {
    const m = evaluate([1, 0], [0.8, 0.4], [0.02, -0.01]);
    expect(m).toMatchObject({ samples: 2, auc: 1, hitRate: 1, ic: 1 });
    expect(m.brier).toBeCloseTo(0.1, 12);
  });
});
