import { describe, expect, it } from 'vitest';
import { weightedMean } from './weighted-mean.js';

const PRICE_PARTS = [
  { value: 0.8, weight: 0.5 },
  { value: -0.4, weight: 0.25 },
  { value: null, weight: 0.25 },
];

describe('weightedMean', () => {
  it('renormalise shares a missing part weight pro rata: (0.5 x 0.8 - 0.25 x 0.4) / 0.75 = 0.4', () => {
    const mean = weightedMean(PRICE_PARTS, 'renormalise');
    expect(mean.value).toBeCloseTo(0.4, 12);
    expect(mean.effectiveWeights[0]).toBeCloseTo(2 / 3, 12);
    expect(mean.effectiveWeights[1]).toBeCloseTo(1 / 3, 12);
    expect(mean.effectiveWeights[2]).toBe(0);
  });

  it('zero counts a missing part 0 with its weight: 0.5 x 0.8 - 0.25 x 0.4 = 0.3', () => {
    const mean = weightedMean(PRICE_PARTS, 'zero');
    expect(mean.value).toBeCloseTo(0.3, 12);
    expect(mean.effectiveWeights).toEqual([0.5, 0.25, 0]);
  });

  it('is null with zero weights when every part is missing', () => {
    for (const rule of ['zero', 'renormalise'] as const) {
      expect(weightedMean([{ value: null, weight: 1 }], rule)).toEqual({
        value: null,
        effectiveWeights: [0],
      });
    }
  });

  it('gives 0 weights, not a division by zero, when the present parts weigh 0', () => {
    const mean = weightedMean(
      [
        { value: 0.9, weight: 0 },
        { value: null, weight: 1 },
      ],
      'renormalise',
    );
    expect(mean).toEqual({ value: 0, effectiveWeights: [0, 0] });
  });
});
