/** A fixed-capacity buffer keeping the newest `capacity` items; memory never grows past it. */
export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    }
    this.#items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** Up to `limit` items, newest first. */
  newest(limit: number): T[] {
    const count = Math.min(limit, this.#size);
    const out: T[] = [];
    for (let i = 1; i <= count; i += 1) {
      out.push(this.#items[(this.#next - i + this.capacity) % this.capacity] as T);
    }
    return out;
  }
}
