import { describe, expect, it } from 'vitest';
import { evaluateWalkForward } from './evaluate-walk-forward.js';
import { plantedSentimentDataset } from './test-fixtures.js';

const split = { trainSize: 600, testSize: 300, mode: 'rolling' as const };

describe('evaluateWalkForward', () => {
  it('holds out the end of each training window for calibration, purged from the fit', async () => {
    const result = await evaluateWalkForward(plantedSentimentDataset(31, 1600), { split });
    // 1596 labelled samples (bars 3..1598). Fold 0: test 600..899, train 0..599 (h = 1: sample 599's
    // label (599, 600] does not reach test sample 600's (600, 601]); calibration = the last
    // 0.2 x 600 = 120 samples (480..599); the fit keeps i + 1 <= 480: 0..479
    expect(result.folds[0]).toMatchObject({ index: 0, fit: 480, calibration: 120 });
    expect(result.folds.map((f) => f.test.length)).toEqual([300, 300, 300, 96]);
  });

  it('scores the planted signal well out of sample and noise about 0.5', async () => {
    const planted = await evaluateWalkForward(plantedSentimentDataset(31, 1600), { split });
    expect(planted.pooled.auc ?? 0).toBeGreaterThan(0.8);
    expect(planted.pooled.samples).toBe(996);
    const noise = await evaluateWalkForward(plantedSentimentDataset(32, 1600, 0), { split });
    expect(Math.abs((noise.pooled.auc ?? 0) - 0.5), `noise AUC ${noise.pooled.auc}`).toBeLessThan(0.07);
  });

  it('rejects a calibration share of 1', async () => {
    await expect(
      evaluateWalkForward(plantedSentimentDataset(31, 50), { split, calibrationShare: 1 }),
    ).rejects.toThrow(/calibrationShare must be in \[0, 1\)/);
  });
});
