import { SynthRandom } from '../../data/index.js';
import { type ParamSet, type ParamValue, type Space, dimension, fromUnit } from '../space.js';
import type { Observation, Searcher } from './searcher.types.js';

/** One uniform draw from the space (log ranges uniform in log space). */
export function samplePoint(space: Space, rng: SynthRandom): ParamSet {
  const p: Record<string, ParamValue> = {};
  for (const name of space.names) {
    const d = dimension(space, name);
    p[name] =
      d.type === 'choice'
        ? (d.values[Math.floor(rng.uniform() * d.values.length)] as ParamValue)
        : fromUnit(d, rng.uniform());
  }
  return p;
}

/** Uniform random search, reproducible by seed. */
export class RandomSearch implements Searcher {
  readonly name = 'random';
  readonly #rng: SynthRandom;
  readonly #space: Space;

  constructor(space: Space, seed: number) {
    this.#space = space;
    this.#rng = new SynthRandom(seed, 71);
  }

  ask(n: number): ParamSet[] {
    return Array.from({ length: n }, () => samplePoint(this.#space, this.#rng));
  }

  tell(_results: readonly Observation[]): void {
    // Random search does not learn.
  }
}
