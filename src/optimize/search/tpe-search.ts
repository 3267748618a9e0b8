import { InputError } from '../../core/index.js';
import { SynthRandom } from '../../data/index.js';
import {
  type Dimension,
  type ParamSet,
  type ParamValue,
  type Space,
  dimension,
  fromUnit,
  toUnit,
} from '../space.js';
import { CategoricalParzen, UnitParzen } from './parzen.js';
import { samplePoint } from './random-search.js';
import type { Observation, Searcher } from './searcher.types.js';

export interface TpeOptions {
  readonly seed: number;
  /** Share of the observations counted as good (default 0.25). */
  readonly gamma?: number;
  /** Random points before the model is used (default 10). */
  readonly startup?: number;
  /** Candidates drawn from l(x) per proposal (default 24). */
  readonly candidates?: number;
}

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011): observations are split at the gamma
 * quantile of the score into good and bad; each dimension gets a Parzen density l(x) over the good
 * and g(x) over the bad; candidates are drawn from l and the one with the largest l(x)/g(x) (the
 * product over dimensions, treated as independent) is proposed. Seeded, so reproducible.
 */
export class TpeSearch implements Searcher {
  readonly name = 'tpe';
  readonly #space: Space;
  readonly #rng: SynthRandom;
  readonly #gamma: number;
  readonly #startup: number;
  readonly #candidates: number;
  readonly #observations: Observation[] = [];

  constructor(space: Space, options: TpeOptions) {
    this.#space = space;
    this.#rng = new SynthRandom(options.seed, 83);
    this.#gamma = options.gamma ?? 0.25;
    this.#startup = options.startup ?? 10;
    this.#candidates = options.candidates ?? 24;
    if (!(this.#gamma > 0 && this.#gamma < 1))
      throw new InputError(`tpe gamma must be in (0, 1), got ${this.#gamma}`);
  }

  ask(n: number): ParamSet[] {
    const out: ParamSet[] = [];
    for (let i = 0; i < n; i++) {
      out.push(
        this.#observations.length < this.#startup ? samplePoint(this.#space, this.#rng) : this.#propose(),
      );
    }
    return out;
  }

  tell(results: readonly Observation[]): void {
    this.#observations.push(...results);
  }

  #propose(): ParamSet {
    const sorted = [...this.#observations].sort((a, b) => b.score - a.score);
    const nGood = Math.max(1, Math.ceil(this.#gamma * sorted.length));
    const good = sorted.slice(0, nGood);
    const bad = sorted.slice(nGood);
    const models = this.#space.names.map((name) =>
      dimensionModel(dimension(this.#space, name), name, good, bad),
    );
    let best: { point: Record<string, ParamValue>; ratio: number } | undefined;
    for (let c = 0; c < this.#candidates; c++) {
      const point: Record<string, ParamValue> = {};
      let logRatio = 0;
      for (const [i, name] of this.#space.names.entries()) {
        const m = models[i] as DimensionModel;
        const x = m.sample(this.#rng);
        logRatio += Math.log(m.l(x)) - Math.log(m.g(x));
        point[name] = m.value(x);
      }
      if (!best || logRatio > best.ratio) best = { point, ratio: logRatio };
    }
    return (best as { point: ParamSet }).point;
  }
}

interface DimensionModel {
  sample(rng: SynthRandom): number;
  l(x: number): number;
  g(x: number): number;
  value(x: number): ParamValue;
}

function dimensionModel(
  d: Dimension,
  name: string,
  good: readonly Observation[],
  bad: readonly Observation[],
): DimensionModel {
  if (d.type === 'choice') {
    const index = (o: Observation): number => d.values.indexOf(o.params[name] as ParamValue);
    const l = new CategoricalParzen(good.map(index), d.values.length);
    const g = new CategoricalParzen(bad.map(index), d.values.length);
    return {
      sample: (rng) => l.sample(rng),
      l: (x) => l.density(x),
      g: (x) => g.density(x),
      value: (x) => d.values[x] as ParamValue,
    };
  }
  const unit = (o: Observation): number => toUnit(d, o.params[name] as number);
  const l = new UnitParzen(good.map(unit));
  const g = new UnitParzen(bad.map(unit));
  return {
    sample: (rng) => toUnit(d, fromUnit(d, l.sample(rng))),
    l: (x) => l.density(x),
    g: (x) => g.density(x),
    value: (x) => fromUnit(d, x),
  };
}
