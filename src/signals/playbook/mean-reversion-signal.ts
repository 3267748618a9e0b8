import type { SignalsConfig } from '../../config/index.js';
import { RollingMoments } from '../indicators/rolling-moments.js';
import type { StreamingIndicator } from '../indicators/indicator.types.js';
import type { SignalReading } from '../signal.types.js';
import { hoursToBars } from './bar-count.js';
import { checkClose } from './close-price.js';
import { opposing } from './unit-scale.js';

/**
 * Distance of the close from a volatility band: z = (close - mean) / stdev over the last
 * `windowHours` closes (the current close included; population stdev, as Bollinger bands), and
 * value = -clamp(z / bandStdDevs, -1, 1): a close above the band favours a short. A flat window
 * (stdev 0) has z = 0. Warm-up: the window's length in closes (at least 2).
 */
export class MeanReversionSignal implements StreamingIndicator {
  readonly requiredInputs: number;
  readonly #bandStdDevs: number;
  readonly #closes: RollingMoments;
  #close: number | null = null;

  constructor(settings: SignalsConfig['meanReversion'], barMs: number) {
    this.requiredInputs = hoursToBars(settings.windowHours, barMs, 2);
    this.#bandStdDevs = settings.bandStdDevs;
    this.#closes = new RollingMoments(this.requiredInputs);
  }

  get isStable(): boolean {
    return this.#closes.isStable;
  }

  add(close: number): number | null {
    this.#close = checkClose(close);
    this.#closes.add(close);
    return this.result();
  }

  replace(close: number): number | null {
    this.#close = checkClose(close);
    this.#closes.replace(close);
    return this.result();
  }

  result(): number | null {
    return this.reading().value;
  }

  reading(): SignalReading {
    const mean = this.#closes.mean;
    const stdev = this.#closes.stdev;
    const zscore =
      this.#close === null || mean === null || stdev === null ? null : zScore(this.#close, mean, stdev);
    const value = zscore === null ? null : opposing(zscore / this.#bandStdDevs);
    return {
      name: 'mean_reversion',
      family: 'price',
      value,
      inputs: { close: this.#close, mean, stdev, zscore },
    };
  }
}

function zScore(close: number, mean: number, stdev: number): number {
  return stdev === 0 ? 0 : (close - mean) / stdev;
}
