import { HOUR_MS } from '../core/index.js';
import { CompensatedSum } from './compensated-sum.js';
import { SlidingQueue } from './sliding-queue.js';

/** Traded notional over the last `windowHours` of bars. */
export interface LiquidityReading {
  /** Bars in the window (0 before the first bar). */
  readonly bars: number;
  /** Sum of volume x close over those bars, USDT. */
  readonly tradedNotional: number;
  readonly windowHours: number;
}

interface BarNotional {
  readonly openTime: number;
  readonly notional: number;
}

/** A rolling sum of traded notional over the bars whose span lies in the window (the newest always counts). */
export class TradedNotionalWindow {
  readonly #windowMs: number;
  readonly #windowHours: number;
  readonly #bars = new SlidingQueue<BarNotional>();
  readonly #sum = new CompensatedSum();

  constructor(windowHours: number) {
    this.#windowHours = windowHours;
    this.#windowMs = windowHours * HOUR_MS;
  }

  add(openTime: number, closeTime: number, volume: number, close: number): void {
    const notional = volume * close;
    this.#bars.push({ openTime, notional });
    this.#sum.add(notional);
    const cutoff = closeTime - this.#windowMs;
    for (
      let front = this.#bars.front();
      front !== undefined && this.#bars.length > 1;
      front = this.#bars.front()
    ) {
      if (front.openTime >= cutoff) break;
      this.#sum.add(-front.notional);
      this.#bars.shift();
    }
  }

  reading(): LiquidityReading {
    return {
      bars: this.#bars.length,
      tradedNotional: Math.max(0, this.#sum.value),
      windowHours: this.#windowHours,
    };
  }
}
