import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../core/index.js';
import { type FundingEvent, FundingSeries } from './funding-series.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const ev = (hoursAfter: number, rate: number, extraMs = 0): FundingEvent => ({
  time: (T0 + hoursAfter * H + extraMs) as EpochMs,
  rate,
});

describe('FundingSeries', () => {
  it('infers an 8h interval and tolerates Binance settlements stamped :00.001', () => {
    const s = new FundingSeries([ev(0, 0.0001), ev(8, 0.0001, 1), ev(16, 0.0001), ev(24, -0.0005, 1)]);
    expect(s.intervalHours).toEqual([8, 8, 8, 8]);
    expect(s.gaps()).toEqual([]);
  });

  it('normalises a 4h rate to 8h: +0.05% per 4h is +0.1% per 8h', () => {
    const s = new FundingSeries([ev(0, 0.0005), ev(4, 0.0005), ev(8, 0.0005)]);
    expect(s.rate8h(1)).toBeCloseTo(0.001, 12);
  });

  it('follows an interval change from 8h to 4h', () => {
    const s = new FundingSeries([ev(0, 0), ev(8, 0), ev(16, 0), ev(20, 0), ev(24, 0), ev(28, 0)]);
    expect(s.segments().map((g) => [g.intervalHours, g.events])).toEqual([
      [8, 3],
      [4, 3],
    ]);
  });

  it('treats a lone longer spacing as missed settlements, not a new interval', () => {
    const s = new FundingSeries([ev(0, 0), ev(4, 0), ev(8, 0), ev(16, 0), ev(20, 0)]);
    expect(s.intervalHours).toEqual([4, 4, 4, 4, 4]);
    expect(s.gaps()).toEqual([{ after: T0 + 8 * H, before: T0 + 16 * H, missing: 1 }]);
  });

  it('uses the interval the venue stated over the spacing', () => {
    const s = new FundingSeries([{ ...ev(0, 0), intervalHours: 4 }, ev(8, 0)]);
    expect(s.intervalHours[0]).toBe(4);
  });

  it('measures coverage of a span by real settlements', () => {
    const s = new FundingSeries([ev(8, 0), ev(16, 0)]);
    expect(s.coverage(T0, T0 + 32 * H)).toBeCloseTo(0.5, 12);
    expect(s.coverage(T0, T0 + 16 * H)).toBeCloseTo(1, 12);
  });

  it('refuses events out of time order', () => {
    expect(() => new FundingSeries([ev(8, 0), ev(0, 0)])).toThrow(/increasing time order/);
  });
});
