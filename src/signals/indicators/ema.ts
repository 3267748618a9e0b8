import type { StreamingIndicator } from './indicator.types.js';

/**
 * Exponential moving average with alpha = 2 / (period + 1), seeded with the first input
 * (EMA_1 = x_1), so it has a value from the first input on; it is declared stable after `period`
 * inputs. O(1) per update.
 */
export class Ema implements StreamingIndicator {
  readonly alpha: number;
  readonly requiredInputs: number;
  #value: number | null = null;
  #previous: number | null = null;
  #count = 0;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`EMA period must be a positive integer`);
    this.alpha = 2 / (period + 1);
    this.requiredInputs = period;
  }

  add(value: number): number | null {
    this.#previous = this.#value;
    this.#value = this.#previous === null ? value : this.#previous + this.alpha * (value - this.#previous);
    this.#count++;
    return this.result();
  }

  replace(value: number): number | null {
    if (this.#count === 0) return this.add(value);
    this.#value = this.#previous === null ? value : this.#previous + this.alpha * (value - this.#previous);
    return this.result();
  }

  get isStable(): boolean {
    return this.#count >= this.requiredInputs;
  }

  /** The EMA so far, even during warm-up (callers that need stability check `isStable`). */
  get value(): number | null {
    return this.#value;
  }

  result(): number | null {
    return this.isStable ? this.#value : null;
  }
}
