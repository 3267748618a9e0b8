import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minMaxDownsample } from './downsample.js';

describe('minMaxDownsample', () => {
  it('returns short series unchanged', () => {
    expect(minMaxDownsample([1, 2, 3], [5, 4, 6], 10)).toEqual({ x: [1, 2, 3], y: [5, 4, 6] });
  });

  it('skips NaN samples', () => {
    expect(minMaxDownsample([1, 2, 3], [5, NaN, 6], 10)).toEqual({ x: [1, 3], y: [5, 6] });
  });

  it('keeps at most two points per bucket, the extremes among them, in time order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 50 }),
        (ys, buckets) => {
          const xs = ys.map((_, i) => i * 1000);
          const out = minMaxDownsample(xs, ys, buckets);
          expect(out.x.length).toBeLessThanOrEqual(2 * buckets);
          expect(out.x.length).toBe(out.y.length);
          expect(Math.min(...out.y)).toBe(Math.min(...ys));
          expect(Math.max(...out.y)).toBe(Math.max(...ys));
          for (let i = 1; i < out.x.length; i++) expect(out.x[i]).toBeGreaterThan(out.x[i - 1] ?? -Infinity);
          out.x.forEach((x, i) => expect(ys[x / 1000], 'every point is an input sample').toBe(out.y[i]));
        },
      ),
    );
  });

  it('turns a million samples into at most two per bucket', () => {
    const n = 1_000_000;
    const xs = new Float64Array(n).map((_, i) => i * 60_000);
    const ys = new Float64Array(n).map((_, i) => Math.sin(i / 1000) + (i === 777_777 ? 50 : 0));
    const out = minMaxDownsample(xs, ys, 910);
    expect(out.x.length).toBeLessThanOrEqual(1820);
    expect(Math.max(...out.y), 'a one-sample spike survives').toBe(ys[777_777]);
  });
});
