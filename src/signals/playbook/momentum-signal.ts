import type { SignalsConfig } from '../../config/index.js';
import { RingBuffer } from '../indicators/ring-buffer.js';
import { RollingMoments } from '../indicators/rolling-moments.js';
import type { StreamingIndicator } from '../indicators/indicator.types.js';
import type { SignalReading } from '../signal.types.js';
import { hoursToBars } from './bar-count.js';
import { checkClose } from './close-price.js';
import { squash } from './unit-scale.js';

interface Horizon {
  readonly input: string;
  readonly bars: number;
}

/**
 * Momentum over several horizons: for each horizon of h bars, the log return
 * r_h = ln(close_t / close_{t-h}) is divided by the 1-bar log-return volatility scaled to the
 * horizon, sigma * sqrt(h), squashed with tanh; the value is the mean over the horizons.
 * sigma is the population standard deviation of the last `volatilityWindowHours` 1-bar log returns.
 * Warm-up: max(longest horizon, volatility window) + 1 closes. O(horizons) per reading.
 */
export class MomentumSignal implements StreamingIndicator {
  readonly requiredInputs: number;
  readonly #horizons: readonly Horizon[];
  readonly #closes: RingBuffer;
  readonly #returns: RollingMoments;

  constructor(settings: SignalsConfig['momentum'], barMs: number) {
    this.#horizons = settings.horizonsHours.map((hours) => ({
      input: `ret_${hours}h`,
      bars: hoursToBars(hours, barMs),
    }));
    const volatilityBars = hoursToBars(settings.volatilityWindowHours, barMs, 2);
    const longest = Math.max(...this.#horizons.map((h) => h.bars));
    this.#closes = new RingBuffer(longest + 1);
    this.#returns = new RollingMoments(volatilityBars);
    this.requiredInputs = Math.max(longest, volatilityBars) + 1;
  }

  /** Horizon lengths in bars, in configured order. */
  get horizonBars(): readonly number[] {
    return this.#horizons.map((h) => h.bars);
  }

  get isStable(): boolean {
    return this.#returns.isStable && this.#closes.isFull;
  }

  add(close: number): number | null {
    checkClose(close);
    const previous = this.#closes.size > 0 ? this.#closes.ago(0) : undefined;
    this.#closes.push(close);
    if (previous !== undefined) this.#returns.add(Math.log(close / previous));
    return this.result();
  }

  replace(close: number): number | null {
    checkClose(close);
    if (this.#closes.size === 0) return this.add(close);
    this.#closes.replaceNewest(close);
    if (this.#closes.size > 1) this.#returns.replace(Math.log(close / this.#closes.ago(1)));
    return this.result();
  }

  result(): number | null {
    return this.reading().value;
  }

  reading(): SignalReading {
    const sigma = this.#returns.stdev;
    const inputs: Record<string, number | null> = {};
    let sum = 0;
    for (const horizon of this.#horizons) {
      const ret = this.#logReturn(horizon.bars);
      inputs[horizon.input] = ret;
      if (ret !== null && sigma !== null) sum += squash(ret, sigma * Math.sqrt(horizon.bars));
    }
    inputs['sigma'] = sigma;
    const value = this.isStable ? sum / this.#horizons.length : null;
    return { name: 'momentum', family: 'price', value, inputs };
  }

  #logReturn(bars: number): number | null {
    if (this.#closes.size <= bars) return null;
    return Math.log(this.#closes.ago(0) / this.#closes.ago(bars));
  }
}
