import { defaultConfig } from '../../config/index.js';
import { AltDataStore, type AltDatum, type MarketStore } from '../../data/index.js';
import { TempStores as SharedTempStores } from '../temp-stores.js';
import type { NumeraiFeedConfig, NumeraiFetchDeps } from './command.js';

/** Temporary stores for this feed's tests (prefix `nmrbot-numerai-`). */
export class TempStores extends SharedTempStores {
  constructor() {
    super('numerai');
  }
}

/** Test helpers for the numerai feed: temporary SQLite stores, fast config, stored rows by key. */

/** The default numerai config with no real waiting between retries. */
export const fastConfig = (overrides: Partial<NumeraiFeedConfig> = {}): NumeraiFeedConfig => ({
  ...defaultConfig().feeds.numerai,
  backoffMs: 1,
  ...overrides,
});

/** No real sleeping; jitter factor fixed at 0.75. */
export const noWait: NumeraiFetchDeps = { sleep: () => Promise.resolve(), random: () => 0.5 };

/** Every stored row of a source (optionally one key). */
export const rows = (store: MarketStore, source: string, key?: string): AltDatum[] =>
  new AltDataStore(store.db).load(source, {}, key);

/** The stored row of `key` for round `round` (by its payload). */
export function rowOf(store: MarketStore, source: string, key: string, round: number): AltDatum | undefined {
  return rows(store, source, key).find((d) => (d.payload as { round?: number }).round === round);
}

/** The payload's round of each row. */
export const roundsOf = (data: readonly AltDatum[]): number[] =>
  data.map((d) => (d.payload as { round: number }).round).sort((a, b) => a - b);
