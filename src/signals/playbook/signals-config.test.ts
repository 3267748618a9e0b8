import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import { defaultConfig, parseConfig } from '../../config/index.js';

function issuesOf(input: unknown): readonly string[] {
  try {
    parseConfig(input, 'test.yaml');
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
}

describe('signals config for the playbook signals', () => {
  it('defaults the price sub-weights, horizons, band, funding saturation and staleness', () => {
    const signals = defaultConfig().signals;
    expect(signals.priceWeights).toEqual({ momentum: 0.5, meanReversion: 0.25, funding: 0.25 });
    expect(signals.momentum).toEqual({ horizonsHours: [1, 4, 24], volatilityWindowHours: 72 });
    expect(signals.meanReversion).toEqual({ windowHours: 24, bandStdDevs: 2 });
    expect(signals.funding).toEqual({ saturationMultiple: 3 });
    expect(signals.staleAfterHours).toEqual({ network: 48, sentiment: 12 });
  });

  it('refuses price sub-weights that do not sum to 1, naming each term', () => {
    expect(issuesOf({ signals: { priceWeights: { funding: 0.3 } } })).toEqual([
      'signals.priceWeights: must sum to 1 (momentum 0.5 + meanReversion 0.25 + funding 0.3 = 1.05)',
    ]);
  });

  it('keeps the family weights message unchanged', () => {
    expect(issuesOf({ signals: { weights: { price: 0.5 } } })).toEqual([
      'signals.weights: must sum to 1 (price 0.5 + network 0.35 + sentiment 0.25 = 1.1)',
    ]);
  });

  it('refuses repeated or non-positive horizons and a saturation multiple below 1', () => {
    expect(issuesOf({ signals: { momentum: { horizonsHours: [4, 4] } } })).toEqual([
      'signals.momentum.horizonsHours: must not repeat a horizon',
    ]);
    expect(issuesOf({ signals: { momentum: { horizonsHours: [] } } })).toHaveLength(1);
    expect(issuesOf({ signals: { momentum: { horizonsHours: [0] } } })).toHaveLength(1);
    expect(issuesOf({ signals: { funding: { saturationMultiple: 0.5 } } })).toHaveLength(1);
  });
});
