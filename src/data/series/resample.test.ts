import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandleSeriesBuilder } from './candle-series.js';
import { resample } from './resample.js';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2025, 5, 1, 0, 0);

describe('resample', () => {
  it('aggregates 15m bars into hour buckets aligned to UTC (hand-worked)', () => {
    const b = new CandleSeriesBuilder('15m');
    // 00:30, 00:45 belong to the 00:00 hour; 01:00..01:45 to the 01:00 hour.
    b.push(T0 + 30 * MIN, 10, 12, 9, 11, 5);
    b.push(T0 + 45 * MIN, 11, 11.5, 10.5, 11.2, 7);
    b.push(T0 + H, 11.2, 13, 11, 12.5, 1);
    b.push(T0 + H + 15 * MIN, 12.5, 12.6, 8, 9, 2);
    b.push(T0 + H + 30 * MIN, 9, 10, 9, 9.5, 3);
    b.push(T0 + H + 45 * MIN, 9.5, 9.9, 9.1, 9.8, 4);
    const { series, barCounts, fullCount } = resample(b.build(), '1h');
    expect(fullCount).toBe(4);
    expect(series.toCandles()).toEqual([
      { openTime: T0, open: 10, high: 12, low: 9, close: 11.2, volume: 12 },
      { openTime: T0 + H, open: 11.2, high: 13, low: 8, close: 9.8, volume: 10 },
    ]);
    expect(Array.from(barCounts)).toEqual([2, 4]);
  });

  it('drops partial buckets when asked for full bars only', () => {
    const b = new CandleSeriesBuilder('15m');
    b.push(T0 + 45 * MIN, 1, 1, 1, 1, 1);
    for (let k = 0; k < 4; k++) b.push(T0 + H + k * 15 * MIN, 2, 2, 2, 2, 1);
    const { series } = resample(b.build(), '1h', { requireFull: true });
    expect(Array.from(series.openTime)).toEqual([T0 + H]);
  });

  it('puts a 1d bucket on the UTC day boundary', () => {
    const b = new CandleSeriesBuilder('1h');
    b.push(T0 + 23 * H, 1, 2, 0.5, 1.5, 1);
    b.push(T0 + 24 * H, 1.5, 1.6, 1.4, 1.55, 1);
    const { series } = resample(b.build(), '1d');
    expect(Array.from(series.openTime)).toEqual([T0, T0 + 24 * H]);
  });

  it('refuses a target that is not a whole multiple of the source', () => {
    const b = new CandleSeriesBuilder('15m');
    expect(() => resample(b.build(), '5m')).toThrow(/whole multiple/);
  });

  it('conserves volume and extremes for random paths (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ skip: fc.boolean(), ret: fc.double({ min: -0.05, max: 0.05, noNaN: true }) }), {
          minLength: 1,
          maxLength: 300,
        }),
        (steps) => {
          const b = new CandleSeriesBuilder('1m');
          let price = 10;
          steps.forEach((s, i) => {
            if (s.skip) return;
            const next = price * (1 + s.ret);
            b.push(
              T0 + i * MIN,
              price,
              Math.max(price, next) * 1.001,
              Math.min(price, next) * 0.999,
              next,
              i % 7,
            );
            price = next;
          });
          const src = b.build();
          if (src.length === 0) return;
          const { series, barCounts } = resample(src, '15m');
          const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);
          expect(sum(series.volume)).toBeCloseTo(sum(src.volume), 9);
          expect(Math.max(...series.high)).toBe(Math.max(...src.high));
          expect(Math.min(...series.low)).toBe(Math.min(...src.low));
          expect(barCounts.reduce((x, y) => x + y, 0)).toBe(src.length);
          for (const t of series.openTime) expect(t % (15 * MIN)).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
