import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CandleSeries, SynthRandom } from '../../data/index.js';
import { at, datum, smallSignalsConfig } from '../../signals/playbook/test-fixtures.js';
import { dataHash } from './data-hash.js';
import { buildDataset } from './dataset.js';
import { featureNames } from './features.js';
import { loadModel, predictArtifact, saveModel, type ModelArtifact } from './model-artifact.js';
import { trainModel } from './train-model.js';
import { walkForwardSplits } from './walk-forward.js';

/**
 * Planted market: a sentiment score s is available at each bar close and the next bar's log return
 * is 0.01 s plus noise of 0.005, so sentiment predicts the 1-bar move and nothing else does.
 */
function plantedMarket(seed: number, bars: number) {
  const rng = new SynthRandom(seed);
  const closes: number[] = [];
  const data = [];
  let price = 10;
  let s = 0;
  for (let i = 0; i < bars; i++) {
    price *= Math.exp(0.01 * s + 0.005 * rng.normal());
    closes.push(price);
    s = rng.uniform() * 2 - 1;
    data.push(datum('sentiment', 'sentiment_score', s, i + 1)); // available at bar i's close
  }
  const series = CandleSeries.fromCandles(
    '1h',
    closes.map((close, i) => ({ openTime: at(i), open: close, high: close, low: close, close, volume: 1 })),
  );
  return buildDataset({ bars: series, data, signals: smallSignalsConfig(), horizonBars: 1, cost: 0.0005 });
}

const dataset = plantedMarket(21, 1600);
const [fold] = walkForwardSplits({
  samples: 1595,
  horizon: 1,
  trainSize: 1000,
  testSize: 595,
  mode: 'rolling',
});
const train = fold?.train.slice(0, 800) ?? [];
const calibration = fold?.train.slice(801) ?? [];
const trained = trainModel({ dataset, train, calibration, test: fold?.test ?? [] });

describe('trainModel on a planted market', () => {
  it('finds the planted sentiment signal out of sample', () => {
    const { artifact } = trained;
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
      ...trained.artifact,
      coefficients: trained.artifact.coefficients.map((c, j) => (j === 2 ? 'x' : c)),
    };
    const file = await write('broken.json', broken);
    await expect(loadModel(file)).rejects.toThrow(`${file}: field coefficients.2:`);
    const short = await write('short.json', { ...trained.artifact, intercept: undefined });
    await expect(loadModel(short)).rejects.toThrow(/short\.json: field intercept:/);
    const ragged = await write('ragged.json', { ...trained.artifact, coefficients: [1] });
    await expect(loadModel(ragged)).rejects.toThrow(/field coefficients: has 1 entries, features has 10/);
  });

  it('refuses a model whose features are not the current signals, by name', async () => {
    const renamed: ModelArtifact = {
      ...trained.artifact,
      features: trained.artifact.features.map((f) => (f === 'network' ? 'whale_alerts' : f)),
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
