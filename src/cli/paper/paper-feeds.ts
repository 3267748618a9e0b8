import type { MarketStore } from '../../data/index.js';
import type { DataEvent } from '../../strategy/index.js';
import { storedAltData } from '../backtest/stored-alt-data.js';

/**
 * The alternative data a running paper or live session has not been handed yet: whatever the feeds
 * (`nmrbot data fetch ...`, run beside the bot) stored with `availableAt` up to now. Each datum once.
 */
export class NewAltData {
  readonly #store: MarketStore;
  readonly #seen = new Set<string>();

  constructor(store: MarketStore) {
    this.#store = store;
  }

  /** Stored data known by `now` and not handed over before (from `since` on, by event time). */
  take(since: number, now: number): DataEvent[] {
    const fresh: DataEvent[] = [];
    for (const e of storedAltData(this.#store, since, undefined).events) {
      if (e.availableAt > now) continue;
      const key = `${e.source}\u0000${e.key}\u0000${e.eventTime}\u0000${e.availableAt}`;
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      fresh.push(e);
    }
    return fresh;
  }
}
