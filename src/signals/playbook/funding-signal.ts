import { InvariantError } from '../../core/index.js';
import type { FundingRateEvent } from '../../strategy/index.js';
import type { SignalReading } from '../signal.types.js';
import type { FundingExtreme } from './playbook.types.js';
import { opposing } from './unit-scale.js';

export interface FundingSignalSettings {
  /** `signals.fundingExtremePer8h`: beyond +/- this rate per 8 h, funding is extreme. */
  readonly extremePer8h: number;
  /** `signals.funding.saturationMultiple`: the value reaches -1/+1 at this multiple of the threshold. */
  readonly saturationMultiple: number;
}

/**
 * A linear push against the paying side, from the latest settlement's rate normalised to 8 h:
 * value = -clamp(rate8h / (saturationMultiple x extremePer8h), -1, 1). Inside the extreme band it
 * is a mild contrarian push (|value| < 1 / saturationMultiple); beyond it the rate is extreme
 * (`extreme()`), and the push saturates at the multiple. Null until the first settlement.
 */
export class FundingSignal {
  readonly #settings: FundingSignalSettings;
  #last: FundingRateEvent | undefined;

  constructor(settings: FundingSignalSettings) {
    this.#settings = settings;
  }

  update(event: FundingRateEvent): void {
    if (!Number.isFinite(event.rate8h))
      throw new InvariantError(`funding event at ${event.time} has no finite rate8h (got ${event.rate8h})`);
    this.#last = event;
  }

  /** Which side pays when |rate8h| is strictly beyond the threshold; undefined otherwise. */
  extreme(): FundingExtreme | undefined {
    const rate8h = this.#last?.rate8h;
    if (rate8h === undefined) return undefined;
    if (rate8h > this.#settings.extremePer8h) return 'longs_pay';
    if (rate8h < -this.#settings.extremePer8h) return 'shorts_pay';
    return undefined;
  }

  reading(): SignalReading {
    const last = this.#last;
    const { extremePer8h, saturationMultiple } = this.#settings;
    return {
      name: 'funding',
      family: 'price',
      value: last === undefined ? null : opposing(last.rate8h / (saturationMultiple * extremePer8h)),
      inputs: {
        rate8h: last?.rate8h ?? null,
        rate: last?.rate ?? null,
        intervalHours: last?.intervalHours ?? null,
        extremePer8h,
      },
    };
  }
}
