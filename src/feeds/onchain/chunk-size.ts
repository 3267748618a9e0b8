/**
 * The eth_getLogs range, in blocks: halved on each provider error (range too large, too many results,
 * timeout), grown back by a quarter after `growAfter` successes in a row, never above `max` nor below
 * `min`. Growing slowly keeps a provider with a hard range cap from failing every other call.
 */
export class ChunkSize {
  readonly max: number;
  readonly min: number;
  readonly growAfter: number;
  #size: number;
  #streak = 0;

  constructor(max: number, min: number, growAfter = 3) {
    if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && min <= max)) {
      throw new RangeError(`chunk sizes need 1 <= min <= max, got min ${min}, max ${max}`);
    }
    this.max = max;
    this.min = min;
    this.growAfter = growAfter;
    this.#size = max;
  }

  get current(): number {
    return this.#size;
  }

  succeeded(): void {
    this.#streak++;
    if (this.#streak < this.growAfter) return;
    this.#streak = 0;
    this.#size = Math.min(this.max, this.#size + Math.max(1, Math.floor(this.#size / 4)));
  }

  /** Halves the size; false when it already was at `min` (nothing left to try but retrying). */
  failed(): boolean {
    this.#streak = 0;
    if (this.#size === this.min) return false;
    this.#size = Math.max(this.min, Math.floor(this.#size / 2));
    return true;
  }
}
