import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../core/index.js';
import { CandleSeriesBuilder, type CandleSeries } from '../data/index.js';
import { DEFAULT_FUNDING_FALLBACK, planFunding } from './funding-sources.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

function flat(close: number, hours: number): CandleSeries {
  const b = new CandleSeriesBuilder('1h');
  for (let i = 0; i < hours; i++) b.push(T0 + i * H, close, close, close, close, 1);
  return b.build();
}

const real = [8, 16, 24].map((h) => ({ time: (T0 + h * H + 1) as EpochMs, rate: 0.0002 }));

describe('planFunding', () => {
  it('keeps real settlements and fills the rest with the constant when no spot prices exist', () => {
    const plan = planFunding({
      symbol: 'NMR/USDT:USDT',
      from: T0,
      to: T0 + 48 * H,
      real,
      perp: flat(10, 48),
      fallback: DEFAULT_FUNDING_FALLBACK,
    });
    // No settlement at T0 itself: no bar has closed yet, so there is no mark price (and no position).
    expect(plan.events.map((e) => [(e.time - T0) / H, e.source])).toEqual([
      [8 + 1 / H, 'real'],
      [16 + 1 / H, 'real'],
      [24 + 1 / H, 'real'],
      [32, 'constant'],
      [40, 'constant'],
    ]);
    expect(plan.coverage).toMatchObject({ settlements: 5, real: 3, constant: 2, premiumEstimate: 0 });
    expect(plan.coverage.shares.real).toBeCloseTo(0.6, 12);
  });

  it("estimates missing settlements from the perp/spot premium with Binance's clamp (hand-worked)", () => {
    // premium = (10.1 - 10) / 10 = 0.01; interest 0.0001; clamp(0.0001 - 0.01, +-0.0005) = -0.0005
    // rate = 0.01 - 0.0005 = 0.0095 per 8 h
    const plan = planFunding({
      symbol: 'NMR/USDT:USDT',
      from: T0,
      to: T0 + 48 * H,
      real,
      perp: flat(10.1, 48),
      spot: flat(10, 48),
      fallback: DEFAULT_FUNDING_FALLBACK,
    });
    const est = plan.events.filter((e) => e.source === 'premium-estimate');
    expect(est.map((e) => (e.time - T0) / H)).toEqual([32, 40]);
    for (const e of est) expect(e.rate).toBeCloseTo(0.0095, 12);
    expect(plan.coverage).toMatchObject({ real: 3, premiumEstimate: 2, constant: 0 });
  });

  it('follows a 4h interval learned from real history when filling a gap after it', () => {
    const fourHourly = [0, 4, 8].map((h) => ({ time: (T0 + h * H) as EpochMs, rate: 0.00005 }));
    const plan = planFunding({
      symbol: 'S',
      from: T0,
      to: T0 + 20 * H,
      real: fourHourly,
      perp: flat(10, 20),
      fallback: { ...DEFAULT_FUNDING_FALLBACK, constantRate8h: 0.0001 },
    });
    const est = plan.events.filter((e) => e.source === 'constant');
    expect(est.map((e) => (e.time - T0) / H)).toEqual([12, 16]);
    expect(est[0]?.rate).toBeCloseTo(0.00005, 15);
    expect(est[0]?.intervalHours).toBe(4);
  });
});
