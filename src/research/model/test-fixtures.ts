import { CandleSeries, SynthRandom } from '../../data/index.js';
import { at, datum, smallSignalsConfig } from '../../signals/playbook/test-fixtures.js';
import type { DataEvent } from '../../strategy/index.js';
import { buildDataset, type Dataset } from './dataset.js';
import { sigmoid } from './newton-logistic.js';

/** Labelled synthetic data for the model tests (tests only). */
export interface SyntheticSet {
  readonly rows: number[][];
  readonly labels: number[];
  /** A forward return whose sign follows the label, its size noise. */
  readonly returns: number[];
}

/**
 * Planted-signal data: `features` standard-normal columns, column j scaled by `scales[j]`;
 * P(y = 1) = sigmoid(strength * x[planted] / scale). strength 0 gives pure noise.
 */
export function plantedDataset(options: {
  seed: number;
  samples: number;
  features: number;
  planted: number;
  strength: number;
  scales?: readonly number[];
}): SyntheticSet {
  const rng = new SynthRandom(options.seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  const returns: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    const raw = Array.from({ length: options.features }, () => rng.normal());
    const y = rng.uniform() < sigmoid(options.strength * (raw[options.planted] ?? 0)) ? 1 : 0;
    rows.push(raw.map((v, j) => v * (options.scales?.[j] ?? 1)));
    labels.push(y);
    returns.push((y === 1 ? 1 : -1) * Math.abs(rng.normal()) * 0.01);
  }
  return { rows, labels, returns };
}

/**
 * A planted market for PlaybookSignals: a sentiment score s is available at each bar close and the
 * next bar's log return is `effect` x s plus noise of 0.005, so sentiment predicts the 1-bar move
 * and nothing else does (effect 0: nothing does). Horizon 1 bar, cost 0.0005.
 */
export function plantedSentimentDataset(seed: number, bars: number, effect = 0.01): Dataset {
  const rng = new SynthRandom(seed);
  const closes: number[] = [];
  const data: DataEvent[] = [];
  let price = 10;
  let s = 0;
  for (let i = 0; i < bars; i++) {
    price *= Math.exp(effect * s + 0.005 * rng.normal());
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
