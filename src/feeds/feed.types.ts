import type { NmrbotConfig } from '../config/index.js';
import type { MarketStore } from '../data/index.js';

/** What one `nmrbot data fetch <feed>` run reports. */
export interface FeedFetchSummary {
  readonly feed: string;
  /** Rows written to the store's alt_data (inserted / updated / unchanged). */
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Human lines for the terminal (what was fetched, spans, warnings). */
  readonly lines: readonly string[];
  /** Problems that did not stop the fetch (a source unreachable, a field missing); shown as warnings. */
  readonly warnings: readonly string[];
}

/** Options every feed fetch understands (from `nmrbot data fetch <feed> [--since] [--base-url]`). */
export interface FeedFetchOptions {
  /** Backfill start (epoch ms); default: incremental from what is stored, else the feed's own default. */
  readonly since?: number | undefined;
  /** Override the feed's base URL (a local double in tests and demos). */
  readonly baseUrl?: string | undefined;
  /** Progress: done and total units (total undefined when unknown). */
  readonly onProgress?: (done: number, total: number | undefined, unit: string) => void;
  readonly now?: number;
}

/** One fetchable feed: `nmrbot data fetch <name>` runs it. */
export interface FeedCommand {
  readonly name: 'numerai' | 'onchain' | 'sentiment' | 'calendar';
  readonly description: string;
  fetch(store: MarketStore, config: NmrbotConfig, options: FeedFetchOptions): Promise<FeedFetchSummary>;
}
