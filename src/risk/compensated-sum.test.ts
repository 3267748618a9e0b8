import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompensatedSum } from './compensated-sum.js';

describe('CompensatedSum', () => {
  it('returns to the small values left after a large one is added and taken away', () => {
    const sum = new CompensatedSum();
    sum.add(0.25);
    sum.add(1e-20);
    sum.add(3e-20);
    sum.add(-0.25);
    expect(sum.value / 4e-20, 'a plain running sum gives 0 here').toBeCloseTo(1, 12);
  });

  it('is off by at most second-order rounding (eps^2 x the values summed) after values leave it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.double({ min: 0, max: 1, noNaN: true }).map((x) => (x < 1e-30 ? 0 : x)), // squared returns
          { minLength: 2, maxLength: 200 },
        ),
        (xs) => {
          const sum = new CompensatedSum();
          xs.forEach((x) => sum.add(x));
          xs.slice(0, -1).forEach((x) => sum.add(-x));
          const last = xs.at(-1) ?? 0;
          const total = xs.reduce((a, x) => a + x, 0);
          expect(Math.abs(sum.value - last)).toBeLessThanOrEqual(1e-15 * last + 1e-29 * total);
        },
      ),
    );
  });
});
