import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMoments } from './rolling-moments.js';

function naive(window: readonly number[]): { mean: number; stdev: number } {
  const mean = window.reduce((s, x) => s + x, 0) / window.length;
  const variance = window.reduce((s, x) => s + (x - mean) ** 2, 0) / window.length;
  return { mean, stdev: Math.sqrt(variance) };
}

describe('RollingMoments', () => {
  it('gives the mean and population stdev of the last `period` inputs (hand-worked, period 4)', () => {
    const moments = new RollingMoments(4);
    for (const x of [10, 12, 10, 12]) moments.add(x);
    expect(moments.mean).toBe(11);
    expect(moments.stdev, 'deviations are all 1').toBe(1);
    moments.add(16); // window 12, 10, 12, 16: mean 12.5, squared deviations 0.25 + 6.25 + 0.25 + 12.25 = 19
    expect(moments.mean).toBe(12.5);
    expect(moments.stdev).toBeCloseTo(Math.sqrt(19 / 4), 12);
  });

  it('is null until exactly `period` inputs were added', () => {
    const moments = new RollingMoments(3);
    moments.add(1);
    moments.add(2);
    expect([moments.mean, moments.stdev, moments.isStable]).toEqual([null, null, false]);
    moments.add(3);
    expect([moments.mean, moments.isStable]).toEqual([2, true]);
  });

  it('replace revises the latest input without counting it twice', () => {
    const revised = new RollingMoments(3);
    const direct = new RollingMoments(3);
    for (const x of [1, 2, 3, 4]) revised.add(x);
    revised.replace(9);
    for (const x of [1, 2, 3, 9]) direct.add(x);
    expect(revised.mean).toBeCloseTo(direct.mean ?? Number.NaN, 12);
    expect(revised.stdev).toBeCloseTo(direct.stdev ?? Number.NaN, 12);
  });

  it('matches a full two-pass recomputation over random synthetic series, up to rounding (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (period, xs) => {
          const moments = new RollingMoments(period);
          xs.forEach((x, i) => {
            moments.add(x);
            if (i + 1 < period) return;
            const window = xs.slice(i + 1 - period, i + 1);
            const expected = naive(window);
            const scale = Math.max(...xs.slice(0, i + 1));
            const stdev = moments.stdev ?? Number.NaN;
            expect(Math.abs((moments.mean ?? Number.NaN) - expected.mean)).toBeLessThanOrEqual(1e-12 * scale);
            expect(
              Math.abs(stdev ** 2 - expected.stdev ** 2),
              'variance error stays within rounding of the largest input so far, squared',
            ).toBeLessThanOrEqual(1e-12 * scale ** 2);
          });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
