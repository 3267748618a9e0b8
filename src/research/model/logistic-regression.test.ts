import { describe, expect, it } from 'vitest';
import { fitLogistic, fitScaler, predictProba } from './logistic-regression.js';
import { auc } from './metrics.js';
import { plantedDataset } from './test-fixtures.js';

describe('fitLogistic', () => {
  // feature 2 carries the signal but is on a returns-like scale (0.01); the others are larger noise
  const scales = [1, 5, 0.01, 2, 1, 3];
  const train = plantedDataset({ seed: 1, samples: 3000, features: 6, planted: 2, strength: 2, scales });
  const test = plantedDataset({ seed: 2, samples: 2000, features: 6, planted: 2, strength: 2, scales });

  it('gives the planted feature the largest |coefficient| and AUC > 0.8 out of sample', () => {
    const model = fitLogistic(train.rows, train.labels);
    const largest = model.coefficients.map(Math.abs).indexOf(Math.max(...model.coefficients.map(Math.abs)));
    expect(largest, `coefficients ${model.coefficients.join(', ')}`).toBe(2);
    expect(model.coefficients[2] ?? 0, 'close to the planted slope 2').toBeGreaterThan(1.5);
    expect(auc(test.labels, predictProba(model, test.rows)) ?? 0).toBeGreaterThan(0.8);
    expect(model.converged).toBe(true);
  });

  it('scores about 0.5 on pure noise', () => {
    const noiseTrain = plantedDataset({ seed: 3, samples: 3000, features: 6, planted: 0, strength: 0 });
    const noiseTest = plantedDataset({ seed: 4, samples: 2000, features: 6, planted: 0, strength: 0 });
    const model = fitLogistic(noiseTrain.rows, noiseTrain.labels);
    const score = auc(noiseTest.labels, predictProba(model, noiseTest.rows)) ?? 0;
    expect(Math.abs(score - 0.5), `AUC ${score}`).toBeLessThan(0.05);
  });

  it('is deterministic', () => {
    expect(fitLogistic(train.rows, train.labels)).toEqual(fitLogistic(train.rows, train.labels));
  });

  it('fits its scaler on the training rows only', () => {
    const model = fitLogistic(train.rows, train.labels);
    expect(model.scaler).toEqual(fitScaler(train.rows));
    expect(model.scaler.std[2] ?? 0).toBeCloseTo(0.01, 3);
  });

  it('shrinks the coefficients as the L2 penalty grows', () => {
    const loose = fitLogistic(train.rows, train.labels, { l2: 0.001 });
    const tight = fitLogistic(train.rows, train.labels, { l2: 1 });
    expect(Math.abs(tight.coefficients[2] ?? 0)).toBeLessThan(Math.abs(loose.coefficients[2] ?? 0) / 2);
  });

  it('matches the closed form on one binary feature', () => {
    // x = 0: 1 of 4 positive; x = 1: 3 of 4. Unpenalised: intercept = logit(1/4), slope = logit(3/4) - logit(1/4).
    const rows = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    const model = fitLogistic(rows, labels, { l2: 0 });
    const [p0, p1] = predictProba(model, [[0], [1]]);
    expect(p0).toBeCloseTo(0.25, 9);
    expect(p1).toBeCloseTo(0.75, 9);
  });

  it('rejects ragged rows and labels outside [0, 1] by position', () => {
    expect(() => fitLogistic([[1, 2], [3]], [0, 1])).toThrow(/row 1 has 1 features/);
    expect(() => fitLogistic([[1], [2]], [0, 2])).toThrow(/label 1 is 2/);
  });
});
