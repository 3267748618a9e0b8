import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../core/index.js';
import { MeanReversionSignal } from './mean-reversion-signal.js';

const FOUR_BARS = { windowHours: 4, bandStdDevs: 2 };

describe('MeanReversionSignal', () => {
  it('is -z / bandStdDevs for a close inside the band (hand-worked)', () => {
    const signal = new MeanReversionSignal(FOUR_BARS, HOUR_MS);
    for (const close of [10, 12, 10, 12]) signal.add(close);
    // mean 11, stdev 1, z = (12 - 11) / 1 = 1, value = -1 / 2.
    expect(signal.reading()).toEqual({
      name: 'mean_reversion',
      family: 'price',
      value: -0.5,
      inputs: { close: 12, mean: 11, stdev: 1, zscore: 1 },
    });
    signal.add(16); // window 12, 10, 12, 16: mean 12.5, variance 19 / 4
    expect(signal.result()).toBeCloseTo(-3.5 / Math.sqrt(19 / 4) / 2, 12);
  });

  it('favours a long below the band and saturates at +1 beyond bandStdDevs', () => {
    const signal = new MeanReversionSignal({ windowHours: 4, bandStdDevs: 1 }, HOUR_MS);
    for (const close of [12, 12, 12, 8]) signal.add(close); // mean 11, stdev sqrt(3), z = -sqrt(3)
    expect(signal.reading().inputs['zscore']).toBeCloseTo(-Math.sqrt(3), 12);
    expect(signal.result()).toBe(1);
  });

  it('scores a flat window 0', () => {
    const signal = new MeanReversionSignal(FOUR_BARS, HOUR_MS);
    for (let i = 0; i < 4; i++) signal.add(5);
    expect(signal.result()).toBe(0);
    expect(Object.is(signal.result(), -0), 'never -0').toBe(false);
  });

  it('yields its first value exactly at the window length in closes', () => {
    const signal = new MeanReversionSignal({ windowHours: 24, bandStdDevs: 2 }, HOUR_MS);
    expect(signal.requiredInputs).toBe(24);
    for (let i = 0; i < 23; i++) expect(signal.add(10 + (i % 3))).toBeNull();
    expect(signal.add(10)).not.toBeNull();
  });

  it('needs at least two closes even when the window is shorter than two bars', () => {
    expect(new MeanReversionSignal({ windowHours: 24, bandStdDevs: 2 }, 24 * HOUR_MS).requiredInputs).toBe(2);
  });
});
