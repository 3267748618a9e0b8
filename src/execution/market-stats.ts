import type { Candle } from '../data/index.js';
import { InvariantError } from '../core/index.js';

/** What the slippage model needs to know about recent trading. */
export interface MarketSnapshot {
  /** Sample standard deviation (n - 1) of the log returns between the last `lookbackBars` closes. */
  readonly sigma: number;
  /** Mean base-asset volume of the last `lookbackBars` bars; 0 before the first bar. */
  readonly averageBarVolume: number;
  /** Bars in the window (at most `lookbackBars`). */
  readonly bars: number;
}

/** Fixed-capacity window of numbers with a running sum and sum of squares. */
class RollingWindow {
  readonly #values: Float64Array;
  #count = 0;
  #next = 0;
  #sum = 0;
  #sumSq = 0;
  #sinceResum = 0;

  constructor(capacity: number) {
    this.#values = new Float64Array(capacity);
  }

  get count(): number {
    return this.#count;
  }

  get sum(): number {
    return this.#sum;
  }

  get sumSq(): number {
    return this.#sumSq;
  }

  push(x: number): void {
    const cap = this.#values.length;
    if (cap === 0) return;
    if (this.#count === cap) {
      const old = this.#values[this.#next] ?? 0;
      this.#sum -= old;
      this.#sumSq -= old * old;
    } else {
      this.#count++;
    }
    this.#values[this.#next] = x;
    this.#next = (this.#next + 1) % cap;
    this.#sum += x;
    this.#sumSq += x * x;
    // Subtracting old values lets rounding error creep in; re-add the window once per capacity
    // pushes, which keeps each push O(1) amortised.
    if (++this.#sinceResum >= cap) this.#resum();
  }

  #resum(): void {
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < this.#count; i++) {
      const v = this.#values[i] ?? 0;
      sum += v;
      sumSq += v * v;
    }
    this.#sum = sum;
    this.#sumSq = sumSq;
    this.#sinceResum = 0;
  }
}

/**
 * Streaming volatility and volume over the last `lookbackBars` closed bars, O(1) per bar.
 *
 * It only knows the bars it was given with `add`, and the venue adds a bar after it has processed
 * it, so fills inside a bar never see that bar's own close or volume (no look-ahead).
 */
export class MarketStats {
  readonly lookbackBars: number;
  readonly #returns: RollingWindow;
  readonly #volumes: RollingWindow;
  #lastClose: number | undefined;

  constructor(lookbackBars: number) {
    if (!Number.isInteger(lookbackBars) || lookbackBars < 2) {
      throw new RangeError(`lookbackBars must be an integer of at least 2, got ${lookbackBars}`);
    }
    this.lookbackBars = lookbackBars;
    // N closes give N - 1 returns.
    this.#returns = new RollingWindow(lookbackBars - 1);
    this.#volumes = new RollingWindow(lookbackBars);
  }

  /** Learns one closed bar. */
  add(bar: Pick<Candle, 'close' | 'volume'>): void {
    if (!(bar.close > 0) || !(bar.volume >= 0)) {
      throw new InvariantError(
        `bar needs close > 0 and volume >= 0, got close=${bar.close} volume=${bar.volume}`,
      );
    }
    if (this.#lastClose !== undefined) this.#returns.push(Math.log(bar.close / this.#lastClose));
    this.#lastClose = bar.close;
    this.#volumes.push(bar.volume);
  }

  /** True once the window is full. */
  get isStable(): boolean {
    return this.#volumes.count === this.lookbackBars;
  }

  /** 0 with fewer than two returns (three closes). */
  get sigma(): number {
    const n = this.#returns.count;
    if (n < 2) return 0;
    const mean = this.#returns.sum / n;
    const variance = (this.#returns.sumSq - n * mean * mean) / (n - 1);
    return variance > 0 ? Math.sqrt(variance) : 0;
  }

  get averageBarVolume(): number {
    const n = this.#volumes.count;
    return n === 0 ? 0 : this.#volumes.sum / n;
  }

  snapshot(): MarketSnapshot {
    return { sigma: this.sigma, averageBarVolume: this.averageBarVolume, bars: this.#volumes.count };
  }
}
