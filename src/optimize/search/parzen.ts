import type { SynthRandom } from '../../data/index.js';
import { normalCdf } from '../stats.js';

/**
 * A Parzen (kernel) density on [0, 1]: a Gaussian at each observation, truncated to [0, 1], plus a
 * uniform prior component weighted like one observation so the density is never zero.
 */
export class UnitParzen {
  readonly #centres: readonly number[];
  readonly #sigma: number;
  readonly #masses: readonly number[];

  constructor(centres: readonly number[]) {
    this.#centres = centres;
    // Scott-like bandwidth shrinking with the sample, floored so a few points still spread.
    this.#sigma = Math.max(0.05, Math.min(0.5, 1 / Math.pow(centres.length + 1, 1 / 5) / 2));
    this.#masses = centres.map((c) => normalCdf((1 - c) / this.#sigma) - normalCdf((0 - c) / this.#sigma));
  }

  density(x: number): number {
    let sum = 1; // the uniform prior on [0, 1]
    for (const [i, c] of this.#centres.entries()) {
      const z = (x - c) / this.#sigma;
      sum += Math.exp(-0.5 * z * z) / (this.#sigma * Math.sqrt(2 * Math.PI) * (this.#masses[i] as number));
    }
    return sum / (this.#centres.length + 1);
  }

  sample(rng: SynthRandom): number {
    const k = Math.floor(rng.uniform() * (this.#centres.length + 1));
    if (k === this.#centres.length) return rng.uniform();
    const c = this.#centres[k] as number;
    for (let tries = 0; tries < 64; tries++) {
      const x = c + this.#sigma * rng.normal();
      if (x >= 0 && x <= 1) return x;
    }
    return Math.min(1, Math.max(0, c));
  }
}

/** A categorical density over `size` choices: counts plus one (a uniform prior). */
export class CategoricalParzen {
  readonly #weights: readonly number[];

  constructor(indexes: readonly number[], size: number) {
    const counts = Array.from({ length: size }, () => 1);
    for (const i of indexes) counts[i] = (counts[i] as number) + 1;
    const total = size + indexes.length;
    this.#weights = counts.map((c) => c / total);
  }

  density(i: number): number {
    return this.#weights[i] ?? 0;
  }

  sample(rng: SynthRandom): number {
    let u = rng.uniform();
    for (const [i, w] of this.#weights.entries()) {
      u -= w;
      if (u < 0) return i;
    }
    return this.#weights.length - 1;
  }
}
