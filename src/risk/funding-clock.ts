import { HOUR_MS, InvariantError, MINUTE_MS } from '../core/index.js';
import type { FundingRateEvent } from '../strategy/index.js';

/**
 * The last funding settlement seen and the interval after it. Settlement times are rounded to the
 * minute: Binance stamps some at `:00.001`, and the next one is due on the grid, not a millisecond late.
 */
export class FundingClock {
  #last: number | undefined;
  #intervalMs = 0;
  #rate = 0;

  update(event: FundingRateEvent): void {
    if (!(event.intervalHours > 0) || !Number.isFinite(event.rate))
      throw new InvariantError(
        `funding event at ${event.time} needs a finite rate and a positive interval (got ${event.rate}, ${event.intervalHours} h)`,
      );
    this.#last = Math.round(event.time / MINUTE_MS) * MINUTE_MS;
    this.#intervalMs = event.intervalHours * HOUR_MS;
    this.#rate = event.rate;
  }

  /** False until the first funding event. */
  get known(): boolean {
    return this.#last !== undefined;
  }

  /** The last settled rate (positive: longs pay). */
  get rate(): number {
    return this.#rate;
  }

  get intervalHours(): number {
    return this.#intervalMs / HOUR_MS;
  }

  /** The first settlement after `time`: the last one rolled forward by whole intervals. */
  nextSettlement(time: number): number | undefined {
    const last = this.#last;
    if (last === undefined) return undefined;
    return last + (Math.floor((time - last) / this.#intervalMs) + 1) * this.#intervalMs;
  }
}
