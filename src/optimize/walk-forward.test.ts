import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkForwardWindows } from './walk-forward.js';

const H = 3_600_000;
const times = Array.from({ length: 20 }, (_, i) => i * H);

describe('walkForwardWindows', () => {
  it('rolls fixed in-sample windows with a purge gap before each out-of-sample window', () => {
    const w = walkForwardWindows(times, H, {
      mode: 'rolling',
      inSampleBars: 6,
      outOfSampleBars: 4,
      purgeBars: 2,
    });
    // OOS starts at 8, 12, 16 (16 + 4 = 20 fits); IS = the 6 bars ending 2 before each.
    expect(w.map((x) => [x.inSampleBars, x.outOfSampleBars])).toEqual([
      [
        [0, 6],
        [8, 12],
      ],
      [
        [4, 10],
        [12, 16],
      ],
      [
        [8, 14],
        [16, 20],
      ],
    ]);
    expect(w[2]?.outOfSample).toEqual({ from: 16 * H, to: 20 * H });
  });

  it('anchors every in-sample window at the first bar and skips the embargo between out-of-sample windows', () => {
    const w = walkForwardWindows(times, H, {
      mode: 'anchored',
      inSampleBars: 5,
      outOfSampleBars: 4,
      embargoBars: 1,
    });
    expect(w.map((x) => [x.inSampleBars, x.outOfSampleBars])).toEqual([
      [
        [0, 5],
        [5, 9],
      ],
      [
        [0, 10],
        [10, 14],
      ],
      [
        [0, 15],
        [15, 19],
      ],
    ]);
  });

  it('refuses too few bars and bad sizes, naming the field', () => {
    expect(() =>
      walkForwardWindows(times, H, { mode: 'rolling', inSampleBars: 18, outOfSampleBars: 4 }),
    ).toThrow(/needs 22 bars for one window, have 20/);
    expect(() =>
      walkForwardWindows(times, H, { mode: 'rolling', inSampleBars: 5, outOfSampleBars: 0 }),
    ).toThrow(/outOfSampleBars must be an integer >= 1/);
  });

  it('keeps every window inside the bars, the purge gap exact and out-of-sample windows apart', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 10, max: 300 }),
          mode: fc.constantFrom('rolling' as const, 'anchored' as const),
          inSampleBars: fc.integer({ min: 1, max: 60 }),
          outOfSampleBars: fc.integer({ min: 1, max: 40 }),
          purgeBars: fc.integer({ min: 0, max: 10 }),
          embargoBars: fc.integer({ min: 0, max: 10 }),
        }),
        ({ n, ...spec }) => {
          const t = Array.from({ length: n }, (_, i) => i * H);
          if (spec.inSampleBars + spec.purgeBars + spec.outOfSampleBars > n) {
            expect(() => walkForwardWindows(t, H, spec)).toThrow(/needs/);
            return;
          }
          const w = walkForwardWindows(t, H, spec);
          for (const [k, x] of w.entries()) {
            const [isStart, isEnd] = x.inSampleBars;
            const [oosStart, oosEnd] = x.outOfSampleBars;
            expect(isStart).toBeGreaterThanOrEqual(0);
            expect(oosEnd).toBeLessThanOrEqual(n);
            expect(oosStart - isEnd).toBe(spec.purgeBars);
            expect(oosEnd - oosStart).toBe(spec.outOfSampleBars);
            expect(isEnd - isStart).toBe(spec.mode === 'rolling' ? spec.inSampleBars : isEnd);
            if (k > 0) expect(oosStart - (w[k - 1]?.outOfSampleBars[1] ?? 0)).toBe(spec.embargoBars);
          }
          // No room for one more window.
          const lastEnd = w[w.length - 1]?.outOfSampleBars[1] ?? 0;
          expect(lastEnd + spec.embargoBars + spec.outOfSampleBars).toBeGreaterThan(n);
        },
      ),
      { seed: 20261126, numRuns: 300 },
    );
  });
});
