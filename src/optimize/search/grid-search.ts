import { type ParamSet, type ParamValue, type Space, dimension, gridValues } from '../space.js';
import type { Observation, Searcher } from './searcher.types.js';

/** Every combination of the dimensions' grid values, the last name varying fastest (names sorted). */
export function gridPoints(space: Space, gridSteps = 5): ParamSet[] {
  let points: Record<string, ParamValue>[] = [{}];
  for (const name of space.names) {
    const values = gridValues(dimension(space, name), gridSteps);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  return points;
}

/** Exhaustive grid search: hands out the grid in order, then nothing. */
export class GridSearch implements Searcher {
  readonly name = 'grid';
  readonly #points: ParamSet[];
  #next = 0;

  constructor(space: Space, gridSteps = 5) {
    this.#points = gridPoints(space, gridSteps);
  }

  get size(): number {
    return this.#points.length;
  }

  ask(n: number): ParamSet[] {
    const out = this.#points.slice(this.#next, this.#next + n);
    this.#next += out.length;
    return out;
  }

  tell(_results: readonly Observation[]): void {
    // A grid does not learn.
  }
}
