import type { ParamSet } from '../space.js';

/** One evaluated point: higher scores are better; -Infinity marks a point that broke a constraint. */
export interface Observation {
  readonly params: ParamSet;
  readonly score: number;
}

/**
 * A search strategy: `ask` proposes up to `n` points to evaluate (fewer, or none, when it has no
 * more to give), `tell` reports their scores. Asking again before telling is allowed.
 */
export interface Searcher {
  readonly name: string;
  /** How many points it can give in all, when that is finite (a grid). */
  readonly size?: number;
  ask(n: number): ParamSet[];
  tell(results: readonly Observation[]): void;
}
