import { ConfigError } from '../core/index.js';
import type { Candle } from '../data/index.js';
import { roundToIncrement } from './decimal.js';

/**
 * The fill budget of one bar: at most `fraction * bar.volume` base units, shared by the fills at the
 * open and along the intrabar path, on the step grid. A zero-volume bar has no budget.
 */
export class BarVolumeCap {
  readonly #fraction: number;
  readonly #step: number;
  #barOpenTime: number | undefined;
  #used = 0;

  constructor(fraction: number, step: number) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new ConfigError(`maxBarVolumeFraction must be in (0, 1], got ${fraction}`);
    }
    this.#fraction = fraction;
    this.#step = step;
  }

  /** Base units still fillable in `bar`, rounded down to the step. */
  available(bar: Pick<Candle, 'openTime' | 'volume'>): number {
    this.#enter(bar);
    return roundToIncrement(Math.max(0, this.#fraction * bar.volume - this.#used), this.#step, 'down');
  }

  use(bar: Pick<Candle, 'openTime' | 'volume'>, quantity: number): void {
    this.#enter(bar);
    this.#used = roundToIncrement(this.#used + quantity, this.#step, 'nearest');
  }

  #enter(bar: Pick<Candle, 'openTime'>): void {
    if (this.#barOpenTime === bar.openTime) return;
    this.#barOpenTime = bar.openTime;
    this.#used = 0;
  }
}
