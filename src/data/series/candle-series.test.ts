import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandleSeries, CandleSeriesBuilder } from './candle-series.js';

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;

function minuteSeries(closes: number[]): CandleSeries {
  const b = new CandleSeriesBuilder('1m', 2);
  closes.forEach((c, i) => b.push(T0 + i * MIN, c, c + 1, c - 1, c, i));
  return b.build();
}

describe('CandleSeriesBuilder', () => {
  it('grows past its initial capacity and keeps every bar', () => {
    const s = minuteSeries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(s.length).toBe(20);
    expect(s.at(19)).toEqual({ openTime: T0 + 19 * MIN, open: 20, high: 21, low: 19, close: 20, volume: 19 });
  });

  it('refuses open times that do not increase', () => {
    const b = new CandleSeriesBuilder('1m');
    b.push(T0, 1, 1, 1, 1, 0);
    b.push(T0, 1, 1, 1, 1, 0);
    expect(() => b.build()).toThrow(/must increase: bar 1/);
  });
});

describe('CandleSeries', () => {
  it('views a bar without copying: same fields as at(), a plain copy as JSON, bounds checked', () => {
    const s = minuteSeries([10, 11, 12]);
    const v = s.view(1);
    expect([v.openTime, v.open, v.high, v.low, v.close, v.volume]).toEqual([T0 + MIN, 11, 12, 10, 11, 1]);
    expect(JSON.parse(JSON.stringify(v))).toEqual(s.at(1));
    expect(() => s.view(3)).toThrow('bar 3 outside series of 3');
  });

  it('reports a bar as known at its close time', () => {
    const s = minuteSeries([10, 11]);
    expect(s.closeTime(0)).toBe(T0 + MIN);
  });

  it('selects a half-open time range [from, to)', () => {
    const s = minuteSeries([1, 2, 3, 4, 5]);
    const r = s.range(T0 + MIN, T0 + 3 * MIN);
    expect(Array.from(r.close)).toEqual([2, 3]);
  });

  it('finds bars by exact open time', () => {
    const s = minuteSeries([1, 2, 3]);
    expect(s.indexOf(T0 + 2 * MIN)).toBe(2);
    expect(s.indexOf(T0 + 2 * MIN + 1)).toBe(-1);
  });

  it('lowerBound is the first index at or after t for any t', () => {
    const s = minuteSeries(Array.from({ length: 50 }, (_, i) => i + 1));
    fc.assert(
      fc.property(fc.integer({ min: T0 - 5 * MIN, max: T0 + 60 * MIN }), (t) => {
        const i = s.lowerBound(t);
        const naive = Array.from(s.openTime).findIndex((x) => x >= t);
        expect(i).toBe(naive === -1 ? s.length : naive);
      }),
    );
  });
});
