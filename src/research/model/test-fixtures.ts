import { SynthRandom } from '../../data/index.js';
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
