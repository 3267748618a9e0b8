import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock, EpochMs } from '../../../src/core/index.js';
import { CANDLE_COLUMNS, MarketStore, type SeriesKey } from '../../../src/data/index.js';

/** Test helpers around the double: temporary stores, a settable clock, fast download options. */

export const NMR = 'NMR/USDT:USDT';
export const key = (kind: SeriesKey['kind'], timeframe?: SeriesKey['timeframe']): SeriesKey => ({
  exchange: 'binanceusdm',
  symbol: NMR,
  kind,
  timeframe,
});

/** A clock tests move by assigning `t`; the same function can be the double's `now`. */
export class SettableClock implements Clock {
  constructor(public t: number) {}
  now(): EpochMs {
    return this.t as EpochMs;
  }
}

/** Download options for tests: no ccxt request spacing, 3 tries, no real waiting. */
export const FAST = {
  enableRateLimit: false,
  retry: { tries: 3, baseDelayMs: 1, maxDelayMs: 4 },
} as const;
export const noSleep = (): Promise<void> => Promise.resolve();

/** Temporary SQLite stores under os.tmpdir(), all removed by `cleanup()`. */
export class TempStores {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-download-'));
  readonly #open: MarketStore[] = [];

  open(name: string): MarketStore {
    const store = MarketStore.open(path.join(this.dir, `${name}.db`));
    this.#open.push(store);
    return store;
  }

  path(name: string): string {
    return path.join(this.dir, `${name}.db`);
  }

  cleanup(): void {
    for (const s of this.#open.splice(0)) s.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every stored row of the given series, as plain data, for comparing two stores exactly. */
export function snapshot(store: MarketStore, keys: readonly SeriesKey[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const name = `${k.kind} ${k.timeframe ?? ''}`.trim();
    if (k.kind === 'candles' || k.kind === 'mark') {
      const s = store.loadCandles(k);
      out[name] = Object.fromEntries(CANDLE_COLUMNS.map((c) => [c, Array.from(s[c])]));
    } else if (k.kind === 'funding') out[name] = store.loadFundingEvents(k);
    else out[name] = store.loadOpenInterest(k);
  }
  return out;
}
