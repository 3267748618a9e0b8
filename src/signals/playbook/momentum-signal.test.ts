import { describe, expect, it } from 'vitest';
import { HOUR_MS, InvariantError, MINUTE_MS } from '../../core/index.js';
import { MomentumSignal } from './momentum-signal.js';

/** Horizons of 1 and 2 bars, volatility over 3 one-bar returns: warm after 4 closes. */
const SMALL = { horizonsHours: [1, 2], volatilityWindowHours: 3 };

describe('MomentumSignal', () => {
  it('averages tanh(ret / (sigma sqrt(h))) over the horizons (hand-worked, synthetic path)', () => {
    const momentum = new MomentumSignal(SMALL, HOUR_MS);
    // 1-bar log returns +0.1, -0.1, +0.1: mean 1/30, population variance 0.01 - 1/900 = 0.08/9.
    for (const close of [100, 100 * Math.exp(0.1), 100, 100 * Math.exp(0.1)]) momentum.add(close);
    const sigma = Math.sqrt(0.08) / 3;
    const reading = momentum.reading();
    expect(reading.inputs['sigma']).toBeCloseTo(sigma, 12);
    expect(reading.inputs['ret_1h']).toBeCloseTo(0.1, 12);
    expect(reading.inputs['ret_2h'], 'two bars back the close was the same').toBeCloseTo(0, 12);
    // z_1 = 0.1 / sigma = 3 / (2 sqrt 2); z_2 = 0.
    expect(reading.value).toBeCloseTo(Math.tanh(3 / (2 * Math.SQRT2)) / 2, 12);
    expect(reading).toMatchObject({ name: 'momentum', family: 'price' });
  });

  it('yields its first value exactly at max(longest horizon, volatility window) + 1 closes', () => {
    const momentum = new MomentumSignal(SMALL, HOUR_MS);
    expect(momentum.requiredInputs).toBe(4);
    expect(momentum.add(10)).toBeNull();
    expect(momentum.add(11)).toBeNull();
    expect(momentum.add(10)).toBeNull();
    expect(momentum.isStable).toBe(false);
    expect(momentum.reading().inputs['ret_2h'], 'inputs fill in during warm-up').toBeCloseTo(0, 12);
    expect(momentum.add(11)).not.toBeNull();
    expect(momentum.isStable).toBe(true);
  });

  it('scores a flat price 0 and a perfectly steady rise +1 (zero volatility is the limit sign(ret))', () => {
    const flat = new MomentumSignal(SMALL, HOUR_MS);
    const doubling = new MomentumSignal(SMALL, HOUR_MS);
    for (let i = 0; i < 5; i++) {
      flat.add(7);
      doubling.add(2 ** i);
    }
    expect(flat.result()).toBe(0);
    expect(doubling.reading().inputs['sigma']).toBe(0);
    expect(doubling.result()).toBe(1);
  });

  it('converts horizons in hours to whole bars, at least one', () => {
    const horizons = { horizonsHours: [1, 4, 24], volatilityWindowHours: 72 };
    expect(new MomentumSignal(horizons, 15 * MINUTE_MS).horizonBars).toEqual([4, 16, 96]);
    expect(new MomentumSignal(horizons, 4 * HOUR_MS).horizonBars).toEqual([1, 1, 6]);
    expect(new MomentumSignal(horizons, HOUR_MS).requiredInputs).toBe(73);
  });

  it('replace revises the latest close without counting it twice', () => {
    const revised = new MomentumSignal(SMALL, HOUR_MS);
    const direct = new MomentumSignal(SMALL, HOUR_MS);
    for (const close of [10, 11, 9, 12, 10]) revised.add(close);
    revised.replace(13);
    for (const close of [10, 11, 9, 12, 13]) direct.add(close);
    expect(revised.reading()).toEqual(direct.reading());
  });

  it('refuses a close it cannot take a logarithm of', () => {
    const momentum = new MomentumSignal(SMALL, HOUR_MS);
    expect(() => momentum.add(0)).toThrow(InvariantError);
    expect(() => momentum.add(Number.NaN)).toThrow(InvariantError);
  });
});
