import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNAL_FAMILIES } from '../../signals/index.js';
import type { AccuracyStats, FamilyWeights } from './review.types.js';
import { asFamilyWeights } from './run-review.js';
import { effectiveShrinkage, proposeWeights, stepBounded, targetWeights } from './weights.js';

const DEFAULTS: FamilyWeights = { price: 0.4, network: 0.35, sentiment: 0.25 };
const SETTINGS = { shrinkage: 0.5, maxStep: 0.05, minSamples: 30 };

function stats(ic: number | null, hitRate: number | null = null): AccuracyStats {
  return { n: 40, hitN: 40, hits: 0, hitRate, ic };
}

const sum = (w: FamilyWeights): number => w.price + w.network + w.sentiment;

describe('targetWeights', () => {
  it('keeps the default share of a family without evidence and splits the rest by positive score', () => {
    const t = targetWeights(DEFAULTS, { price: null, network: -0.2, sentiment: 0.6 });
    expect(t.price).toBe(0.4);
    expect(t.network, 'a negative score gets nothing').toBe(0);
    expect(t.sentiment).toBeCloseTo(0.6, 12);
  });

  it('falls back to the defaults when no family has a positive score', () => {
    expect(targetWeights(DEFAULTS, { price: -0.1, network: 0, sentiment: null })).toEqual(DEFAULTS);
  });
});

describe('effectiveShrinkage', () => {
  it('is the configured λ from minSamples on and grows linearly to 1 below', () => {
    expect(effectiveShrinkage(SETTINGS, 40)).toBe(0.5);
    expect(effectiveShrinkage(SETTINGS, 30)).toBe(0.5);
    expect(effectiveShrinkage(SETTINGS, 15)).toBe(0.75);
    expect(effectiveShrinkage(SETTINGS, 0)).toBe(1);
  });
});

describe('proposeWeights', () => {
  it('shrinks halfway to the defaults and moves each family at most maxStep (hand-worked)', () => {
    // target (0.4, 0, 0.6); λ = 0.5: shrunk (0.4, 0.175, 0.425); step 0.05 from the defaults: (0.4, 0.3, 0.3)
    const p = proposeWeights(
      DEFAULTS,
      DEFAULTS,
      { price: stats(null), network: stats(-0.2), sentiment: stats(0.6) },
      40,
      SETTINGS,
    );
    expect(p.shrunk.network).toBeCloseTo(0.175, 12);
    expect(p.shrunk.sentiment).toBeCloseTo(0.425, 12);
    expect(p.proposed.price).toBeCloseTo(0.4, 12);
    expect(p.proposed.network).toBeCloseTo(0.3, 12);
    expect(p.proposed.sentiment).toBeCloseTo(0.3, 12);
  });

  it('uses hit rate - 0.5 when a family has no IC', () => {
    const p = proposeWeights(
      DEFAULTS,
      DEFAULTS,
      { price: stats(null), network: stats(null, 0.5), sentiment: stats(null, 0.8) },
      40,
      SETTINGS,
    );
    expect(p.score).toEqual({ price: null, network: 0, sentiment: expect.closeTo(0.3, 12) as number });
    expect(p.target.sentiment).toBeCloseTo(0.6, 12);
  });

  it('keeps the defaults when there are no samples', () => {
    const p = proposeWeights(
      DEFAULTS,
      DEFAULTS,
      { price: stats(1), network: stats(1), sentiment: stats(1) },
      0,
      SETTINGS,
    );
    expect(p.lambda).toBe(1);
    for (const f of SIGNAL_FAMILIES) expect(p.proposed[f]).toBeCloseTo(DEFAULTS[f], 12);
  });
});

/** Three non-negative weights summing to 1. */
const weights = fc
  .tuple(
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: 1000 }),
  )
  .filter(([a, b, c]) => a + b + c > 0)
  .map(([a, b, c]): FamilyWeights => {
    const price = a / (a + b + c);
    const network = b / (a + b + c);
    return { price, network, sentiment: 1 - price - network };
  })
  .filter((w) => w.sentiment >= 0);
const score = fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null });
const evidence = fc.record({ price: score, network: score, sentiment: score });

describe('weights property', () => {
  it('stays non-negative, sums to 1 and moves each family at most maxStep', () => {
    fc.assert(
      fc.property(
        weights,
        weights,
        evidence,
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (defaults, current, ev, samples, shrinkage, maxStep) => {
          const st = { price: stats(ev.price), network: stats(ev.network), sentiment: stats(ev.sentiment) };
          const p = proposeWeights(defaults, current, st, samples, { shrinkage, maxStep, minSamples: 30 });
          expect(Math.abs(sum(p.target) - 1)).toBeLessThan(1e-9);
          expect(Math.abs(sum(p.proposed) - 1), 'sums to 1').toBeLessThan(1e-9);
          for (const f of SIGNAL_FAMILIES) {
            expect(p.target[f]).toBeGreaterThanOrEqual(0);
            expect(p.proposed[f], `${f} non-negative`).toBeGreaterThanOrEqual(0);
            expect(Math.abs(p.proposed[f] - current[f]), `${f} within maxStep`).toBeLessThanOrEqual(
              maxStep + 1e-12,
            );
          }
        },
      ),
    );
  });

  it('shrinks toward the defaults: without a step bound, w - default = (1 - λ)(target - default)', () => {
    fc.assert(
      fc.property(
        weights,
        evidence,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (defaults, ev, shrinkage) => {
          const st = { price: stats(ev.price), network: stats(ev.network), sentiment: stats(ev.sentiment) };
          const p = proposeWeights(defaults, defaults, st, 100, { shrinkage, maxStep: 1, minSamples: 30 });
          for (const f of SIGNAL_FAMILIES) {
            expect(p.proposed[f] - defaults[f]).toBeCloseTo((1 - shrinkage) * (p.target[f] - defaults[f]), 9);
            expect(Math.abs(p.proposed[f] - defaults[f])).toBeLessThanOrEqual(
              Math.abs(p.target[f] - defaults[f]) + 1e-9,
            );
          }
        },
      ),
    );
  });

  it('stepBounded returns the wanted weights unchanged when they are within reach', () => {
    const w = stepBounded({ price: 0.42, network: 0.33, sentiment: 0.25 }, DEFAULTS, 0.05);
    expect(w.price).toBeCloseTo(0.42, 12);
    expect(w.network).toBeCloseTo(0.33, 12);
  });
});

describe('asFamilyWeights', () => {
  it('accepts stored weights only when all three are in [0, 1] and sum to 1', () => {
    expect(asFamilyWeights({ price: 0.4, network: 0.3, sentiment: 0.3 })).toEqual({
      price: 0.4,
      network: 0.3,
      sentiment: 0.3,
    });
    expect(asFamilyWeights({ price: 0.4, network: 0.3 }), 'a family missing').toBeUndefined();
    expect(asFamilyWeights({ price: 0.5, network: 0.3, sentiment: 0.3 }), 'sums to 1.1').toBeUndefined();
    expect(asFamilyWeights({ price: 1.2, network: -0.1, sentiment: -0.1 }), 'out of range').toBeUndefined();
  });
});
