import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { XgboostArtifact } from './artifact-schema.js';
import { evaluateWalkForward } from './evaluate-walk-forward.js';
import { featureImportance } from './feature-importance.js';
import { loadModel, predictArtifact, saveModel } from './model-artifact.js';
import { plantedSentimentDataset } from './test-fixtures.js';
import { trainModel } from './train-model.js';
import { walkForwardSplits } from './walk-forward.js';

// The logistic artifact test's planted-sentiment market (labelled synthetic), trained as trees.
const dataset = plantedSentimentDataset(21, 1600);
const [fold] = walkForwardSplits({
  samples: 1595,
  horizon: 1,
  trainSize: 1000,
  testSize: 595,
  mode: 'rolling',
});
const train = fold?.train.slice(0, 800) ?? [];
const calibration = fold?.train.slice(801) ?? [];
const trained = await trainModel({ dataset, train, calibration, test: fold?.test ?? [], kind: 'xgboost' });
const artifact = trained.artifact as XgboostArtifact;

const write = async (name: string, body: unknown): Promise<string> => {
  const file = join(await mkdtemp(join(tmpdir(), 'nmrbot-xgb-')), name);
  await writeFile(file, JSON.stringify(body), 'utf8');
  return file;
};

describe('trainModel with kind xgboost on a planted market', () => {
  it('ranks sentiment first and scores well out of sample (measured AUC 0.891, IC 0.771)', () => {
    const ranked = featureImportance(artifact);
    console.log(
      `xgboost artifact: AUC ${artifact.metrics.auc?.toFixed(4)}, IC ${artifact.metrics.ic?.toFixed(4)}; ` +
        ranked.map((r) => `${r.feature} ${r.share.toFixed(3)}`).join(', '),
    );
    expect(artifact.kind).toBe('xgboost');
    expect(ranked[0]?.feature).toBe('sentiment');
    expect(artifact.metrics.auc ?? 0).toBeGreaterThan(0.8);
    expect(artifact.calibration.kind).toBe('platt');
    expect(artifact.booster.options).toMatchObject({
      objective: 'binary:logistic',
      max_depth: '3',
      iterations: 100,
    });
    expect(artifact.cost).toBe(0.0005);
  });

  it('spans the fit and calibration samples in the training window', () => {
    const time = (k: number): number => dataset.samples[k]?.time ?? 0;
    // The planted dataset's labelled samples are its samples 0..1594 in order (only the last has no label).
    expect(artifact.trainingWindow).toEqual({ from: time(train[0] ?? 0), to: time(calibration.at(-1) ?? 0) });
  });
});

describe('saving and loading an xgboost artifact', () => {
  it('round-trips and predicts the same probabilities, synchronously', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'nmrbot-xgb-')), 'nested', 'model.json');
    await saveModel(file, artifact);
    const loaded = await loadModel(file);
    expect(loaded).toEqual(artifact);
    const rows = dataset.samples.slice(0, 50).map((s) => s.features);
    const before = predictArtifact(artifact, rows);
    expect(predictArtifact(loaded, rows)).toEqual(before);
    expect(before.every((p) => p > 0 && p < 1)).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('kind', 'xgboost');
  });

  it('names the file and the field of a corrupt or mismatched booster', async () => {
    const notBase64 = await write('b.json', { ...artifact, booster: { ...artifact.booster, model: '%%%' } });
    await expect(loadModel(notBase64)).rejects.toThrow(`${notBase64}: field booster.model: must be base64`);
    const cut = artifact.booster.model.slice(0, 2000);
    const truncated = await write('t.json', { ...artifact, booster: { ...artifact.booster, model: cut } });
    await expect(loadModel(truncated)).rejects.toThrow(
      /t\.json: field booster\.model: not a booster \(tree \d+: needs \d+ bytes at offset \d+, the model has 1500\)/,
    );
    const fewer = await write('f.json', { ...artifact, features: artifact.features.slice(0, 9) });
    await expect(loadModel(fewer)).rejects.toThrow(
      /f\.json: field booster\.model: the booster has 10 features, features has 9/,
    );
    const library = await write('l.json', {
      ...artifact,
      booster: { ...artifact.booster, library: 'other' },
    });
    await expect(loadModel(library)).rejects.toThrow(/l\.json: field booster\.library:/);
    const kind = await write('k.json', { ...artifact, kind: 'forest' });
    await expect(loadModel(kind)).rejects.toThrow(
      /k\.json: field kind: must be one of "logistic", "xgboost"/,
    );
  });
});

describe('evaluateWalkForward with kind xgboost', () => {
  const split = { trainSize: 600, testSize: 300, mode: 'rolling' as const };

  it('finds the planted signal out of sample (measured pooled AUC 0.850) and noise about 0.5 (measured 0.515)', async () => {
    const planted = await evaluateWalkForward(plantedSentimentDataset(31, 1600), { split, kind: 'xgboost' });
    const noise = await evaluateWalkForward(plantedSentimentDataset(32, 1600, 0), { split, kind: 'xgboost' });
    console.log(
      `walk-forward trees: planted pooled AUC ${planted.pooled.auc?.toFixed(4)} (folds ${planted.folds
        .map((f) => f.metrics.auc?.toFixed(3))
        .join(', ')}), noise ${noise.pooled.auc?.toFixed(4)}`,
    );
    expect(planted.pooled.samples).toBe(996);
    expect(planted.pooled.auc ?? 0).toBeGreaterThan(0.8);
    expect(Math.abs((noise.pooled.auc ?? 0) - 0.5), `noise AUC ${noise.pooled.auc}`).toBeLessThan(0.07);
  });
});
