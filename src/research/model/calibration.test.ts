import { describe, expect, it } from 'vitest';
import { SynthRandom } from '../../data/index.js';
import { calibrate, fitPlatt, reliability } from './calibration.js';
import { brier } from './metrics.js';
import { sigmoid } from './newton-logistic.js';

/** Outcomes drawn at sigmoid(z) but forecast as sigmoid(3 z): an over-confident model. */
function overconfident(seed: number, samples: number): { probs: number[]; labels: number[] } {
  const rng = new SynthRandom(seed);
  const probs: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < samples; i++) {
    const z = rng.normal();
    labels.push(rng.uniform() < sigmoid(z) ? 1 : 0);
    probs.push(sigmoid(3 * z));
  }
  return { probs, labels };
}

describe('fitPlatt', () => {
  it('recovers the shrink factor of an over-confident forecast and improves its Brier score', () => {
    const held = overconfident(11, 3000);
    const later = overconfident(12, 3000);
    const platt = fitPlatt(held.probs, held.labels);
    expect(platt.kind).toBe('platt');
    if (platt.kind !== 'platt') return;
    expect(platt.a, 'true map is sigmoid(logit(p) / 3)').toBeCloseTo(1 / 3, 1);
    const before = brier(later.labels, later.probs) ?? 1;
    const after =
      brier(
        later.labels,
        later.probs.map((p) => calibrate(platt, p)),
      ) ?? 1;
    expect(after, `Brier ${before} -> ${after}`).toBeLessThan(before);
  });

  it('leaves a calibrated forecast about where it was', () => {
    const rng = new SynthRandom(5);
    const probs = Array.from({ length: 3000 }, () => sigmoid(rng.normal()));
    const labels = probs.map((p) => (rng.uniform() < p ? 1 : 0));
    const platt = fitPlatt(probs, labels);
    const before = brier(labels, probs) ?? 1;
    const after =
      brier(
        labels,
        probs.map((p) => calibrate(platt, p)),
      ) ?? 1;
    expect(after).toBeLessThanOrEqual(before + 1e-4);
  });

  it('stays finite on a perfectly separated slice', () => {
    const platt = fitPlatt([0.2, 0.3, 0.7, 0.8], [0, 0, 1, 1]);
    expect(platt.kind === 'platt' && Number.isFinite(platt.a)).toBe(true);
  });

  it('passes probabilities through unchanged without calibration', () => {
    expect(calibrate({ kind: 'none' }, 0.37)).toBe(0.37);
  });
});

describe('reliability', () => {
  it('bins forecasts and reports the observed rate per bin (hand-worked)', () => {
    const [low, high] = reliability([0, 1, 1, 0, 1], [0.1, 0.15, 0.9, 0.95, 1], 2);
    expect(low).toEqual({ from: 0, to: 0.5, count: 2, meanProbability: 0.125, observedRate: 0.5 });
    expect(high).toMatchObject({ from: 0.5, to: 1, count: 3, observedRate: 2 / 3 });
    expect(high?.meanProbability ?? 0).toBeCloseTo(0.95, 12);
  });
});
