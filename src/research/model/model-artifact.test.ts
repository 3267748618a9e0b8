import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataHash } from './data-hash.js';
import { featureNames } from './features.js';
import type { LogisticArtifact } from './artifact-schema.js';
import { loadModel, predictArtifact, saveModel } from './model-artifact.js';
import { plantedSentimentDataset } from './test-fixtures.js';
import { trainModel } from './train-model.js';
import { walkForwardSplits } from './walk-forward.js';

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
const trained = await trainModel({ dataset, train, calibration, test: fold?.test ?? [] });
const logistic = trained.artifact as LogisticArtifact;

describe('trainModel on a planted market', () => {
  it('finds the planted sentiment signal out of sample', () => {
    const artifact = logistic;
    const abs = artifact.coefficients.map(Math.abs);
    expect(
      artifact.features[abs.indexOf(Math.max(...abs))],
      `coefficients ${artifact.coefficients.join(', ')}`,
    ).toBe('sentiment');
    expect(artifact.metrics.auc ?? 0).toBeGreaterThan(0.8);
    expect(artifact.metrics.ic ?? 0).toBeGreaterThan(0.5);
    expect(artifact.calibration.kind).toBe('platt');
    expect(artifact.horizonBars).toBe(1);
  });

  it('hashes the training matrix and labels, and the hash moves with one label', () => {
    const rows = [
      [1, 2],
      [3, 4],
    ];
    expect(dataHash(rows, [0, 1])).toMatch(/^[0-9a-f]{64}$/);
    expect(dataHash(rows, [0, 1])).toBe(
      dataHash(
        rows.map((r) => [...r]),
        [0, 1],
      ),
    );
    expect(dataHash(rows, [1, 1])).not.toBe(dataHash(rows, [0, 1]));
  });
});

describe('saveModel and loadModel', () => {
  const write = async (name: string, body: unknown): Promise<string> => {
    const file = join(await mkdtemp(join(tmpdir(), 'nmrbot-model-')), name);
    await writeFile(file, JSON.stringify(body), 'utf8');
    return file;
  };

  it('round-trips an artifact and predicts the same probabilities', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'nmrbot-model-')), 'model.json');
    await saveModel(file, trained.artifact);
    const loaded = await loadModel(file);
    expect(loaded).toEqual(trained.artifact);
    const rows = dataset.samples.slice(0, 5).map((s) => s.features);
    expect(predictArtifact(loaded, rows)).toEqual(predictArtifact(trained.artifact, rows));
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('kind', 'logistic');
  });

  it('names the file and the field that is wrong', async () => {
    const broken = {
      ...logistic,
      coefficients: logistic.coefficients.map((c, j) => (j === 2 ? 'x' : c)),
    };
    const file = await write('broken.json', broken);
    await expect(loadModel(file)).rejects.toThrow(`${file}: field coefficients.2:`);
    const short = await write('short.json', { ...trained.artifact, intercept: undefined });
    await expect(loadModel(short)).rejects.toThrow(/short\.json: field intercept:/);
    const ragged = await write('ragged.json', { ...trained.artifact, coefficients: [1] });
    await expect(loadModel(ragged)).rejects.toThrow(/field coefficients: has 1 entries, features has 10/);
  });

  it('refuses a model whose features are not the current signals, by name', async () => {
    const renamed: LogisticArtifact = {
      ...logistic,
      features: logistic.features.map((f) => (f === 'network' ? 'whale_alerts' : f)),
    };
    const file = await write('old.json', renamed);
    await expect(loadModel(file)).rejects.toThrow(
      /old\.json: field features: .*not current signals: whale_alerts; missing current signals: network/,
    );
    await expect(loadModel(await write('ok.json', trained.artifact), featureNames(true))).rejects.toThrow(
      /missing current signals: regime_high_volatility/,
    );
  });

  it('says when the file is not JSON', async () => {
    const file = await write('bad.json', 'x');
    await writeFile(file, '{ not json', 'utf8');
    await expect(loadModel(file)).rejects.toThrow(/bad\.json: cannot read the model/);
  });
});
