import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EpochMs } from '../../core/index.js';
import { parseConfig } from '../../config/index.js';
import { featureNames, saveModel, type LogisticArtifact } from './index.js';
import type { ScoreSnapshot, SignalReading } from '../../signals/index.js';
import { combinerRescore } from '../../strategy/playbook/model-combiner.js';
import { combinerModelFromArtifact, loadCombinerModel } from './combiner-model.js';

/**
 * Hand-worked artifact: every scaler mean 0 and std 1 except sentiment (std 0.5); every coefficient 0
 * except sentiment (ln 3) and sentiment_missing (-ln 3); intercept 0; optionally the regime column
 * with coefficient ln 3. Sentiment 0.5 standardises to 1, so p = sigmoid(ln 3) = 3/4; a missing
 * sentiment gives sigmoid(-ln 3) = 1/4; with Platt a = 2, b = 0: sigmoid(2 ln 3) = 9/10.
 */
function artifact(options: { regime?: boolean; platt?: boolean } = {}): LogisticArtifact {
  const features = featureNames(options.regime === true);
  const coefficient = (f: string): number =>
    f === 'sentiment' || f === 'regime_high_volatility'
      ? Math.log(3)
      : f === 'sentiment_missing'
        ? -Math.log(3)
        : 0;
  return {
    kind: 'logistic',
    version: 1,
    features,
    coefficients: features.map(coefficient),
    intercept: 0,
    scaler: { mean: features.map(() => 0), std: features.map((f) => (f === 'sentiment' ? 0.5 : 1)) },
    calibration: options.platt === true ? { kind: 'platt', a: 2, b: 0, samples: 10 } : { kind: 'none' },
    trainingWindow: { from: 1_700_000_000_000, to: 1_700_360_000_000 },
    horizonBars: 1,
    metrics: { samples: 0, auc: null, logLoss: null, brier: null, hitRate: null, ic: null },
    dataHash: 'b'.repeat(64),
  };
}

const reading = (name: SignalReading['name'], value: number | null): SignalReading => ({
  name,
  family: name === 'network' || name === 'sentiment' ? name : 'price',
  value,
  inputs: {},
});

function snapshot(sentiment: number | null, regime: ScoreSnapshot['regime'] = 'normal'): ScoreSnapshot {
  return {
    time: 1_700_400_000_000 as EpochMs,
    score: 0.2,
    families: {
      price: { value: 0.2, weight: 0.4, effectiveWeight: 1 },
      network: { value: null, weight: 0.35, effectiveWeight: 0 },
      sentiment: { value: sentiment, weight: 0.25, effectiveWeight: 0 },
    },
    signals: [
      reading('momentum', 0.9),
      reading('mean_reversion', -0.4),
      reading('funding', null),
      reading('network', null),
      reading('sentiment', sentiment),
    ],
    regime,
  };
}

const combiner = (mode: 'ai' | 'blend', model = 'model.json', blend = 0.5) =>
  parseConfig({ signals: { combiner: { mode, model, blend } } }).signals.combiner;

describe('combinerModelFromArtifact', () => {
  it('gives the hand-worked probabilities: 3/4 at sentiment 0.5, 1/4 when sentiment is missing', () => {
    const model = combinerModelFromArtifact(artifact(), 'model.json');
    expect(model.probability(snapshot(0.5).signals, 'normal')).toBeCloseTo(0.75, 14);
    expect(model.probability(snapshot(null).signals, 'normal')).toBeCloseTo(0.25, 14);
    expect(model.model).toEqual({
      kind: 'logistic',
      dataHash: 'b'.repeat(64),
      trainingWindow: { from: 1_700_000_000_000, to: 1_700_360_000_000 },
    });
  });

  it('turns them into the snapshot score: ai 2p - 1 = 0.5, blend 0.5 x 0.2 + 0.5 x 0.5 = 0.35', () => {
    const model = combinerModelFromArtifact(artifact(), 'model.json');
    const ai = combinerRescore(combiner('ai'), model)?.(snapshot(0.5));
    expect(ai?.score).toBeCloseTo(0.5, 14);
    expect(ai?.combiner?.probability).toBeCloseTo(0.75, 14);
    const blend = combinerRescore(combiner('blend'), model)?.(snapshot(0.5));
    expect(blend?.score).toBeCloseTo(0.35, 14);
    const missing = combinerRescore(combiner('ai'), model)?.(snapshot(null));
    expect(missing?.score, 'sentiment missing: p = 1/4').toBeCloseTo(-0.5, 14);
  });

  it('applies the Platt calibration: sigmoid(2 logit(3/4)) = 9/10, score 0.8', () => {
    const model = combinerModelFromArtifact(artifact({ platt: true }), 'model.json');
    expect(combinerRescore(combiner('ai'), model)?.(snapshot(0.5)).score).toBeCloseTo(0.8, 14);
  });

  it('feeds the regime only to a model that has the regime column', () => {
    const withRegime = combinerModelFromArtifact(artifact({ regime: true }), 'model.json');
    // Sentiment 0 and the regime column: p = sigmoid(ln 3) = 3/4 in high volatility, 1/2 in normal.
    expect(withRegime.probability(snapshot(0).signals, 'high_volatility')).toBeCloseTo(0.75, 14);
    expect(withRegime.probability(snapshot(0).signals, 'normal')).toBeCloseTo(0.5, 14);
    const without = combinerModelFromArtifact(artifact(), 'model.json');
    expect(without.probability(snapshot(0).signals, 'high_volatility')).toBeCloseTo(0.5, 14);
  });

  it('refuses a model whose features are not the current signals, naming the file and the difference', () => {
    const old = artifact();
    const keep = old.features.map((f, j) => ({ f, j })).filter(({ f }) => !f.startsWith('network'));
    const stale: LogisticArtifact = {
      ...old,
      features: [...keep.map(({ f }) => f), 'whale_alerts'],
      coefficients: [...keep.map(({ j }) => old.coefficients[j] ?? 0), 0],
      scaler: { mean: [...keep.map(() => 0), 0], std: [...keep.map(() => 1), 1] },
    };
    expect(() => combinerModelFromArtifact(stale, 'old.json')).toThrow(
      "old.json: field features: the model's features do not match (not current signals: whale_alerts; missing current signals: network, network_missing)",
    );
  });
});

describe('loadCombinerModel', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-combiner-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads nothing in fixed mode', async () => {
    expect(await loadCombinerModel(parseConfig({}).signals.combiner)).toBeUndefined();
  });

  it('loads a saved artifact once into a synchronous model', async () => {
    const file = path.join(dir, 'model.json');
    await saveModel(file, artifact());
    const model = await loadCombinerModel(combiner('ai', file));
    expect(model?.probability(snapshot(0.5).signals, 'normal')).toBeCloseTo(0.75, 14);
  });

  it('names signals.combiner.model and the file for a missing file or mismatched features', async () => {
    const absent = path.join(dir, 'absent.json');
    await expect(loadCombinerModel(combiner('ai', absent))).rejects.toThrow(
      `signals.combiner.model: ${absent}: cannot read the model`,
    );
    const file = path.join(dir, 'short.json');
    const full = artifact();
    const json = { ...full, features: full.features.slice(0, 8) };
    json.coefficients = full.coefficients.slice(0, 8);
    json.scaler = { mean: full.scaler.mean.slice(0, 8), std: full.scaler.std.slice(0, 8) };
    fs.writeFileSync(file, JSON.stringify(json));
    await expect(loadCombinerModel(combiner('blend', file))).rejects.toThrow(
      `signals.combiner.model: ${file}: field features: the model's features do not match (missing current signals: sentiment, sentiment_missing)`,
    );
  });
});
