import { InputError } from '../../core/index.js';
import type { Space } from '../space.js';
import { GridSearch } from './grid-search.js';
import { RandomSearch } from './random-search.js';
import type { Searcher } from './searcher.types.js';
import { TpeSearch } from './tpe-search.js';

export const SEARCH_KINDS = ['grid', 'random', 'tpe'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** A fresh searcher of the given kind over `space`. */
export function createSearcher(
  kind: string,
  space: Space,
  options: { seed?: number; gridSteps?: number } = {},
): Searcher {
  const seed = options.seed ?? 1;
  switch (kind) {
    case 'grid':
      return new GridSearch(space, options.gridSteps);
    case 'random':
      return new RandomSearch(space, seed);
    case 'tpe':
      return new TpeSearch(space, { seed });
    default:
      throw new InputError(`unknown search "${kind}": use one of ${SEARCH_KINDS.join(', ')}`);
  }
}
