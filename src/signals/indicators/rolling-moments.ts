import { RingBuffer } from './ring-buffer.js';

/**
 * Mean and population standard deviation (divide by n) of the last `period` inputs. Each update
 * is Welford's sliding-window form: entering a value and dropping the oldest replaces one member
 * of the window, mean' = mean + (b - a) / n and M2' = M2 + (b - a)(b - mean' + a - mean). Those
 * updates accumulate rounding error, which the square root would magnify near a zero variance, so
 * every `period` updates the moments are recomputed exactly from the window: O(1) amortised.
 * `mean` and `stdev` are null until `period` inputs were added.
 */
export class RollingMoments {
  readonly #window: RingBuffer;
  #mean = 0;
  #m2 = 0;
  #updatesSinceExact = 0;

  constructor(readonly period: number) {
    this.#window = new RingBuffer(period);
  }

  get count(): number {
    return this.#window.size;
  }

  get isStable(): boolean {
    return this.#window.isFull;
  }

  add(value: number): void {
    const evicted = this.#window.push(value);
    if (evicted === undefined) this.#enter(value);
    else this.#swap(evicted, value);
  }

  /** Revises the latest input (a bar still forming): the replacement of one member of the window. */
  replace(value: number): void {
    if (this.count === 0) return this.add(value);
    const replaced = this.#window.ago(0);
    this.#window.replaceNewest(value);
    this.#swap(replaced, value);
  }

  get mean(): number | null {
    return this.isStable ? this.#mean : null;
  }

  get stdev(): number | null {
    return this.isStable ? Math.sqrt(Math.max(0, this.#m2) / this.period) : null;
  }

  #enter(value: number): void {
    const delta = value - this.#mean;
    this.#mean += delta / this.#window.size;
    this.#m2 += delta * (value - this.#mean);
  }

  #swap(out: number, into: number): void {
    if (++this.#updatesSinceExact >= this.period) return this.#recompute();
    const mean = this.#mean + (into - out) / this.#window.size;
    this.#m2 += (into - out) * (into - mean + out - this.#mean);
    this.#mean = mean;
  }

  #recompute(): void {
    const n = this.#window.size;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.#window.ago(i);
    const mean = sum / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) m2 += (this.#window.ago(i) - mean) ** 2;
    this.#mean = mean;
    this.#m2 = m2;
    this.#updatesSinceExact = 0;
  }
}
