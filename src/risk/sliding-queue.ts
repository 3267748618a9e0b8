/**
 * A FIFO that also pops from the back (a deque for monotonic windows), addressed by absolute index:
 * the n-th item ever pushed keeps index n until it leaves. Push, shift and popBack are amortised O(1).
 */
export class SlidingQueue<T> {
  #items: T[] = [];
  #head = 0;
  /** Absolute index of `#items[0]`. */
  #offset = 0;

  /** Absolute index of the front item (equal to `end` when empty). */
  get start(): number {
    return this.#offset + this.#head;
  }

  /** Absolute index one past the back item. */
  get end(): number {
    return this.#offset + this.#items.length;
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /** The item at absolute index `index`, if it is still queued. */
  at(index: number): T | undefined {
    return index >= this.start && index < this.end ? this.#items[index - this.#offset] : undefined;
  }

  front(): T | undefined {
    return this.length > 0 ? this.#items[this.#head] : undefined;
  }

  back(): T | undefined {
    return this.length > 0 ? this.#items[this.#items.length - 1] : undefined;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#head++;
    // Drop the consumed prefix once it is most of the array: amortised O(1), memory bounded.
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#offset += this.#head;
      this.#head = 0;
    }
    return item;
  }

  popBack(): T | undefined {
    return this.length > 0 ? this.#items.pop() : undefined;
  }

  clear(): void {
    this.#offset = this.end;
    this.#items = [];
    this.#head = 0;
  }
}
