import { describe, expect, it } from 'vitest';
import { InvariantError, type EpochMs } from '../../core/index.js';
import type { FundingRateEvent } from '../../strategy/index.js';
import { FundingSignal } from './funding-signal.js';

function settlement(rate8h: number, intervalHours = 8): FundingRateEvent {
  return {
    symbol: 'NMR/USDT:USDT',
    time: 0 as EpochMs,
    rate: (rate8h * intervalHours) / 8,
    intervalHours,
    rate8h,
    markPrice: 10,
    source: 'real',
  };
}

function fundingAt(rate8h: number): FundingSignal {
  const signal = new FundingSignal({ extremePer8h: 0.001, saturationMultiple: 3 });
  signal.update(settlement(rate8h));
  return signal;
}

describe('FundingSignal', () => {
  it('is null, and not extreme, before the first settlement', () => {
    const signal = new FundingSignal({ extremePer8h: 0.001, saturationMultiple: 3 });
    expect(signal.reading().value).toBeNull();
    expect(signal.extreme()).toBeUndefined();
  });

  it('+0.05% per 8 h is a mild contrarian push of -1/6 and not extreme', () => {
    const signal = fundingAt(0.0005);
    expect(signal.reading().value).toBeCloseTo(-1 / 6, 12);
    expect(signal.extreme()).toBeUndefined();
  });

  it('+0.15% per 8 h is extreme (longs pay) and pushes short by -0.5', () => {
    const signal = fundingAt(0.0015);
    expect(signal.reading().value).toBeCloseTo(-0.5, 12);
    expect(signal.extreme()).toBe('longs_pay');
  });

  it('-0.2% per 8 h is extreme (shorts pay) and pushes long by +2/3', () => {
    const signal = fundingAt(-0.002);
    expect(signal.reading().value).toBeCloseTo(2 / 3, 12);
    expect(signal.extreme()).toBe('shorts_pay');
  });

  it('saturates at the multiple of the threshold (3 x 0.1% = 0.3%) and beyond', () => {
    expect(fundingAt(0.003).reading().value).toBe(-1);
    expect(fundingAt(-0.01).reading().value).toBe(1);
  });

  it('is not extreme exactly at the threshold, only beyond it', () => {
    expect(fundingAt(0.001).extreme()).toBeUndefined();
    expect(fundingAt(0.001).reading().value).toBeCloseTo(-1 / 3, 12);
    expect(fundingAt(-0.001).extreme()).toBeUndefined();
  });

  it('reads the normalised rate8h, not the raw rate of a 4 h interval', () => {
    const signal = new FundingSignal({ extremePer8h: 0.001, saturationMultiple: 3 });
    signal.update(settlement(0.0015, 4)); // 0.075% per 4 h = 0.15% per 8 h
    expect(signal.reading().inputs).toEqual({
      rate8h: 0.0015,
      rate: 0.00075,
      intervalHours: 4,
      extremePer8h: 0.001,
    });
    expect(signal.extreme()).toBe('longs_pay');
  });

  it('refuses a settlement without a finite rate', () => {
    expect(() => fundingAt(Number.NaN)).toThrow(InvariantError);
  });
});
