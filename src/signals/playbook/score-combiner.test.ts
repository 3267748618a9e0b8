import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../core/index.js';
import { defaultConfig } from '../../config/index.js';
import { SIGNAL_NAMES, type SignalName, type SignalReading } from '../signal.types.js';
import { scoreSnapshot } from './score-combiner.js';

const FAMILY: Record<SignalName, SignalReading['family']> = {
  momentum: 'price',
  mean_reversion: 'price',
  funding: 'price',
  network: 'network',
  sentiment: 'sentiment',
};

function readings(values: Partial<Record<SignalName, number>>): SignalReading[] {
  return SIGNAL_NAMES.map((name) => ({
    name,
    family: FAMILY[name],
    value: values[name] ?? null,
    inputs: {},
  }));
}

const T = 1_700_000_000_000 as EpochMs;
const { weights, priceWeights } = defaultConfig().signals;

describe('scoreSnapshot', () => {
  // Price family: 0.5 x 0.6 + 0.25 x (-0.4) + 0.25 x 0.4 = 0.3; sentiment -0.2; network missing.
  const networkMissing = readings({ momentum: 0.6, mean_reversion: -0.4, funding: 0.4, sentiment: -0.2 });

  it('renormalise: network missing gives price 0.40/0.65 and sentiment 0.25/0.65', () => {
    const snap = scoreSnapshot(
      networkMissing,
      { weights, priceWeights, missingFamily: 'renormalise' },
      T,
      'normal',
    );
    expect(snap.families.price.value).toBeCloseTo(0.3, 12);
    expect(snap.families.price.effectiveWeight).toBeCloseTo(0.4 / 0.65, 12);
    expect(snap.families.network).toEqual({ value: null, weight: 0.35, effectiveWeight: 0 });
    expect(snap.families.sentiment.effectiveWeight).toBeCloseTo(0.25 / 0.65, 12);
    // (0.4 x 0.3 + 0.25 x (-0.2)) / 0.65 = 0.07 / 0.65
    expect(snap.score).toBeCloseTo(0.07 / 0.65, 12);
    const sum = Object.values(snap.families).reduce((s, f) => s + f.effectiveWeight, 0);
    expect(sum, 'effective weights sum to 1 under renormalise').toBeCloseTo(1, 12);
  });

  it('zero: network missing counts 0 with its weight, present families keep theirs', () => {
    const snap = scoreSnapshot(networkMissing, { weights, priceWeights, missingFamily: 'zero' }, T, 'normal');
    expect(snap.families.price.effectiveWeight).toBe(0.4);
    expect(snap.families.network.effectiveWeight).toBe(0);
    expect(snap.families.sentiment.effectiveWeight).toBe(0.25);
    expect(snap.score).toBeCloseTo(0.07, 12);
  });

  it('applies the rule inside the price family too (funding missing)', () => {
    const values = { momentum: 0.6, mean_reversion: -0.4, network: 0, sentiment: 0 };
    const renormalised = scoreSnapshot(
      readings(values),
      { weights, priceWeights, missingFamily: 'renormalise' },
      T,
      'normal',
    );
    const zeroed = scoreSnapshot(
      readings(values),
      { weights, priceWeights, missingFamily: 'zero' },
      T,
      'normal',
    );
    expect(renormalised.families.price.value, '(0.3 - 0.1) / 0.75').toBeCloseTo(0.2 / 0.75, 12);
    expect(zeroed.families.price.value, '0.3 - 0.1').toBeCloseTo(0.2, 12);
  });

  it('scores 0 with zero effective weights when every family is missing', () => {
    for (const missingFamily of ['zero', 'renormalise'] as const) {
      const snap = scoreSnapshot(
        readings({}),
        { weights, priceWeights, missingFamily },
        T,
        'high_volatility',
      );
      expect(snap.score).toBe(0);
      expect(Object.values(snap.families).map((f) => f.effectiveWeight)).toEqual([0, 0, 0]);
      expect(snap.regime).toBe('high_volatility');
    }
  });

  it('weights every family when all are present: 0.4 x 1 + 0.35 x 1 + 0.25 x 1 = 1', () => {
    const all = readings({ momentum: 1, mean_reversion: 1, funding: 1, network: 1, sentiment: 1 });
    const snap = scoreSnapshot(all, { weights, priceWeights, missingFamily: 'zero' }, T, 'normal');
    expect(snap.score).toBeCloseTo(1, 12);
    expect(snap.score).toBeLessThanOrEqual(1);
    expect(snap.signals).toBe(all);
    expect(snap.time).toBe(T);
  });
});
