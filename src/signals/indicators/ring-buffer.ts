import { InvariantError } from '../../core/index.js';

/** The last `capacity` numbers pushed, oldest overwritten first. O(1) per push. */
export class RingBuffer {
  readonly #values: Float64Array;
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring buffer capacity must be a positive integer (got ${capacity})`);
    this.#values = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  get isFull(): boolean {
    return this.#size === this.capacity;
  }

  /** Appends `value` and returns the value it evicted, or undefined while not yet full. */
  push(value: number): number | undefined {
    const evicted = this.isFull ? this.#values[this.#next] : undefined;
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.capacity;
    if (!this.isFull) this.#size++;
    return evicted;
  }

  /** Overwrites the newest value. */
  replaceNewest(value: number): void {
    if (this.#size === 0) throw new InvariantError('ring buffer: nothing to replace');
    this.#values[(this.#next - 1 + this.capacity) % this.capacity] = value;
  }

  /** The value pushed `back` pushes ago: 0 is the newest. */
  ago(back: number): number {
    if (!Number.isInteger(back) || back < 0 || back >= this.#size)
      throw new InvariantError(`ring buffer: no value ${back} pushes ago (size ${this.#size})`);
    return this.#values[(this.#next - 1 - back + 2 * this.capacity) % this.capacity] ?? Number.NaN;
  }
}
