import { describe, expect, it } from 'vitest';
import { accuracyOf } from './accuracy.js';
import { averageRanks, spearman } from './rank.js';

describe('averageRanks', () => {
  it('gives tied values their average rank', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
});

describe('spearman', () => {
  it('is 1 for any increasing relation and -1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });

  it('matches the hand-worked 1 - 6Σd²/(n(n²-1)) on untied data', () => {
    // ranks [1,2,3,4] vs [1,3,2,4]: d² = 0,1,1,0, Σ = 2, rho = 1 - 12/60 = 0.8
    expect(spearman([1, 2, 3, 4], [10, 30, 20, 40])).toBeCloseTo(0.8, 12);
  });

  it('is null below three points or when a side is constant', () => {
    expect(spearman([1, 2], [1, 2])).toBeNull();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe('accuracyOf', () => {
  it('skips null values and leaves zero signs out of the hit rate (hand-worked)', () => {
    const s = accuracyOf([
      { value: 0.5, forwardReturn: 0.02 }, // hit
      { value: -0.3, forwardReturn: 0.01 }, // miss
      { value: null, forwardReturn: 0.05 }, // skipped
      { value: 0, forwardReturn: -0.01 }, // no opinion: IC only
      { value: 0.2, forwardReturn: -0.03 }, // miss
      { value: -0.6, forwardReturn: -0.02 }, // hit
    ]);
    // value ranks [5,2,3,4,1], return ranks [5,4,3,1,2]: Σd² = 0+4+0+9+1 = 14, rho = 1 - 84/120 = 0.3
    expect(s).toMatchObject({ n: 5, hitN: 4, hits: 2, hitRate: 0.5 });
    expect(s.ic).toBeCloseTo(0.3, 12);
  });

  it('has no hit rate and no IC without values', () => {
    expect(accuracyOf([{ value: null, forwardReturn: 0.1 }])).toEqual({
      n: 0,
      hitN: 0,
      hits: 0,
      hitRate: null,
      ic: null,
    });
  });
});
