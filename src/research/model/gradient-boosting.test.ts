import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boosterImportance } from './booster-trees.js';
import { fitXgboost, predictTrees } from './gradient-boosting.js';
import { auc } from './metrics.js';
import { plantedDataset } from './test-fixtures.js';
import { loadXgboost } from './xgboost-runtime.js';

// The logistic tests' planted data (labelled synthetic): feature 2 carries the signal on a 0.01 scale.
const scales = [1, 5, 0.01, 2, 1, 3];
const train = plantedDataset({ seed: 1, samples: 3000, features: 6, planted: 2, strength: 2, scales });
const test = plantedDataset({ seed: 2, samples: 2000, features: 6, planted: 2, strength: 2, scales });
const model = await fitXgboost(train.rows, train.labels);

describe('fitXgboost', () => {
  it('gives the planted feature the largest gain and AUC > 0.83 out of sample (measured 0.854)', () => {
    const { gain, splits } = boosterImportance(model.trees);
    const total = gain.reduce((s, v) => s + v, 0);
    const score = auc(test.labels, predictTrees(model.trees, test.rows)) ?? 0;
    console.log(
      `planted trees: out-of-sample AUC ${score.toFixed(4)}; gain shares ${gain.map((g) => (g / total).toFixed(3)).join(' ')}; splits ${splits.join(' ')}`,
    );
    expect(gain.indexOf(Math.max(...gain)), `gains ${gain.join(', ')}`).toBe(2);
    expect((gain[2] ?? 0) / total, 'most of the gain').toBeGreaterThan(0.6);
    expect(score).toBeGreaterThan(0.83);
    expect(model.trees.roots).toHaveLength(100);
  });

  it('scores about 0.5 on pure noise', async () => {
    const noiseTrain = plantedDataset({ seed: 3, samples: 3000, features: 6, planted: 0, strength: 0 });
    const noiseTest = plantedDataset({ seed: 4, samples: 2000, features: 6, planted: 0, strength: 0 });
    const noise = await fitXgboost(noiseTrain.rows, noiseTrain.labels);
    const score = auc(noiseTest.labels, predictTrees(noise.trees, noiseTest.rows)) ?? 0;
    console.log(`noise trees: out-of-sample AUC ${score.toFixed(4)}`);
    expect(Math.abs(score - 0.5), `AUC ${score}`).toBeLessThan(0.05);
  });

  it('is deterministic for a seed, and the seed drives the row subsampling', async () => {
    const again = await fitXgboost(train.rows, train.labels);
    expect(again.model).toBe(model.model);
    // Pinned from an earlier run: every test run is a fresh process (WASM arithmetic is the same on
    // every platform), so this also checks determinism across processes.
    expect(createHash('sha256').update(model.model).digest('hex')).toBe(
      '09731ad37e5850187ba54e58ab2b52df50f6502c674f3a56b62fea729ff5cb6c',
    );
    const other = await fitXgboost(train.rows, train.labels, { seed: 5 });
    expect(other.model).not.toBe(model.model);
    const whole = await fitXgboost(train.rows, train.labels, { subsample: 1, seed: 5 });
    const wholeAgain = await fitXgboost(train.rows, train.labels, { subsample: 1, seed: 6 });
    expect(whole.model, 'no subsampling: nothing random').toBe(wholeAgain.model);
  });

  it('predicts in TypeScript what the WASM booster predicts', async () => {
    const XGBoost = await loadXgboost();
    const booster = XGBoost.load({
      name: 'ml-xgboost',
      model: Array.from(new Int8Array(Buffer.from(model.model, 'base64'))),
      options: model.options,
    });
    const rows = test.rows.slice(0, 300);
    try {
      const wasm = booster.predict(rows);
      const ours = predictTrees(model.trees, rows);
      const worst = Math.max(...ours.map((p, i) => Math.abs(p - (wasm[i] ?? Number.NaN))));
      expect(worst, 'float32 rounding of the sigmoid only').toBeLessThan(1e-6);
    } finally {
      booster.free();
    }
  });

  it('tells -1 apart from 0 (ml-xgboost reads -1 as missing, so features are nudged)', async () => {
    // Labelled synthetic: x in {-1, 0, 1}; the label is 1 exactly when x = -1. With -1 read as
    // missing, no split could separate -1 from 0.
    const rows = Array.from({ length: 300 }, (_, i) => [(i % 3) - 1]);
    const labels = rows.map(([x]) => (x === -1 ? 1 : 0));
    const fitted = await fitXgboost(rows, labels, { rounds: 20, minChildWeight: 1 });
    const [pMinus, pZero, pOne] = predictTrees(fitted.trees, [[-1], [0], [1]]);
    expect(pMinus ?? 0).toBeGreaterThan(0.8);
    expect(pZero ?? 1).toBeLessThan(0.2);
    expect(pOne ?? 1).toBeLessThan(0.2);
  });

  it('rejects bad options by name, and rows of the wrong width', async () => {
    await expect(fitXgboost(train.rows, train.labels, { rounds: 0 })).rejects.toThrow(
      'xgboost rounds must be a whole number >= 1, got 0',
    );
    await expect(fitXgboost(train.rows, train.labels, { eta: 2 })).rejects.toThrow(
      'xgboost eta must be in (0, 1], got 2',
    );
    expect(() => predictTrees(model.trees, [[1, 2]])).toThrow('row has 2 features, the model 6');
  });
});
