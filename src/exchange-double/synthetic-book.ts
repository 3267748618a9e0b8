import { roundToIncrement } from '../execution/index.js';

export type Level = [price: string, qty: string];

export interface BookSnapshot {
  readonly updateId: number;
  readonly bids: Level[];
  readonly asks: Level[];
}

/**
 * A SYNTHETIC order book (the stored data holds no depth): `levels` price levels each side of the last
 * price, one tick apart, the best bid one tick below and the best ask one tick above it, each level
 * holding a tenth of the last closed bar's volume (at least one step). It is rebuilt at every bar
 * boundary; `updateId` counts the rebuilds (Binance's `lastUpdateId` / `u`).
 */
export class SyntheticBook {
  #updateId = 1;
  #snapshot: BookSnapshot;

  constructor(
    private readonly tick: number,
    private readonly step: number,
    private readonly levels = 20,
  ) {
    this.#snapshot = { updateId: this.#updateId, bids: [], asks: [] };
  }

  get updateId(): number {
    return this.#updateId;
  }

  /** Rebuilds the book around `lastPrice`; returns the previous snapshot and the new one. */
  rebuild(lastPrice: number, lastVolume: number): { previous: BookSnapshot; current: BookSnapshot } {
    const previous = this.#snapshot;
    const qty = Math.max(this.step, roundToIncrement(lastVolume / 10, this.step, 'down'));
    const decimals = Math.max(0, Math.round(-Math.log10(this.tick)));
    const bids: Level[] = [];
    const asks: Level[] = [];
    for (let k = 1; k <= this.levels; k++) {
      const bid = roundToIncrement(lastPrice - k * this.tick, this.tick, 'nearest');
      const ask = roundToIncrement(lastPrice + k * this.tick, this.tick, 'nearest');
      if (bid > 0) bids.push([bid.toFixed(decimals), String(qty)]);
      asks.push([ask.toFixed(decimals), String(qty)]);
    }
    this.#snapshot = { updateId: ++this.#updateId, bids, asks };
    return { previous, current: this.#snapshot };
  }

  snapshot(limit = this.levels): BookSnapshot {
    const s = this.#snapshot;
    return { updateId: s.updateId, bids: s.bids.slice(0, limit), asks: s.asks.slice(0, limit) };
  }
}
