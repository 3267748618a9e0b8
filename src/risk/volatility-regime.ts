import type { RiskConfig } from '../config/index.js';
import { DAY_MS, HOUR_MS } from '../core/index.js';
import type { Regime } from '../signals/index.js';
import { CompensatedSum } from './compensated-sum.js';
import { SlidingQueue } from './sliding-queue.js';

const YEAR_MS = 365 * DAY_MS;

/**
 * Annualised volatility below this (0.0001% a year) counts as zero. A market that did not move leaves
 * float residue in the window sums, and a ratio of two residues means nothing.
 */
export const VOLATILITY_FLOOR = 1e-6;

/** The numbers behind the regime; null while the window has not filled. */
export interface VolatilityReading {
  /** Realised volatility over `windowHours`, annualised (1.5 = 150%). */
  readonly annualised: number | null;
  /** The same over `baselineDays`, annualised. */
  readonly baselineAnnualised: number | null;
  /** annualised / baselineAnnualised. */
  readonly ratio: number | null;
}

interface ReturnSample {
  /** The return spans (closeTime - duration, closeTime]. */
  readonly closeTime: number;
  readonly duration: number;
  readonly squared: number;
}

/** Running sums over the samples from absolute index `start` on. */
interface WindowSums {
  start: number;
  readonly squared: CompensatedSum;
  /** Integer milliseconds: exact. */
  duration: number;
}

/**
 * The volatility regime, streaming and O(1) amortised per bar. Each bar adds the squared log return
 * from the previous close, over the time between the closes (gaps and mixed bar lengths stay honest).
 * Realised variance per unit of time = sum of squared returns / time covered, over the short window
 * (`windowHours`) and over the baseline (`baselineDays`, which includes the short window).
 * High volatility starts when the short window's volatility is at least `ratio` x the baseline's or its
 * annualised value reaches `annualisedThreshold`; it ends only when both are below their exit levels
 * (`exitRatio`, `exitAnnualised`), so the regime does not flicker at the threshold. The annualised test
 * needs a full short window of history, the ratio a full baseline; before that the regime is normal.
 */
export class VolatilityRegime {
  readonly #config: RiskConfig['highVolatility'];
  readonly #shortMs: number;
  readonly #baselineMs: number;
  readonly #samples = new SlidingQueue<ReturnSample>();
  readonly #short: WindowSums = { start: 0, squared: new CompensatedSum(), duration: 0 };
  readonly #baseline: WindowSums = { start: 0, squared: new CompensatedSum(), duration: 0 };
  #firstClose: number | undefined;
  #lastClose: number | undefined;
  #lastPrice = 0;
  #regime: Regime = 'normal';
  #reading: VolatilityReading = { annualised: null, baselineAnnualised: null, ratio: null };

  constructor(config: RiskConfig['highVolatility']) {
    this.#config = config;
    this.#shortMs = config.windowHours * HOUR_MS;
    this.#baselineMs = config.baselineDays * DAY_MS;
  }

  get regime(): Regime {
    return this.#regime;
  }

  reading(): VolatilityReading {
    return this.#reading;
  }

  add(closeTime: number, close: number): void {
    const previous = this.#lastClose;
    this.#lastClose = closeTime;
    const previousPrice = this.#lastPrice;
    this.#lastPrice = close;
    if (previous === undefined) {
      this.#firstClose = closeTime;
      return;
    }
    const r = Math.log(close / previousPrice);
    const sample = { closeTime, duration: closeTime - previous, squared: r * r };
    this.#samples.push(sample);
    include(this.#short, sample);
    include(this.#baseline, sample);
    this.#trim(this.#short, closeTime - this.#shortMs);
    this.#trim(this.#baseline, closeTime - this.#baselineMs);
    while (this.#samples.start < this.#baseline.start) this.#samples.shift();
    this.#reading = this.#measure(closeTime);
    this.#regime = this.#next(this.#reading);
  }

  /** Drops the samples whose span starts before `cutoff` from the sums. */
  #trim(sums: WindowSums, cutoff: number): void {
    sums.start = Math.max(sums.start, this.#samples.start);
    for (let s = this.#samples.at(sums.start); s !== undefined; s = this.#samples.at(sums.start)) {
      if (s.closeTime - s.duration >= cutoff) break;
      sums.squared.add(-s.squared);
      sums.duration -= s.duration;
      sums.start++;
    }
    if (sums.duration === 0) sums.squared.reset();
  }

  #measure(now: number): VolatilityReading {
    const seen = now - (this.#firstClose ?? now);
    const short = seen >= this.#shortMs ? annualised(this.#short) : null;
    const baseline = seen >= this.#baselineMs ? annualised(this.#baseline) : null;
    const ratio = short !== null && baseline !== null && baseline > 0 ? short / baseline : null;
    return { annualised: short, baselineAnnualised: baseline, ratio };
  }

  #next({ annualised, ratio }: VolatilityReading): Regime {
    const c = this.#config;
    const high =
      this.#regime === 'high_volatility'
        ? atLeast(ratio, c.exitRatio) || atLeast(annualised, c.exitAnnualised)
        : atLeast(ratio, c.ratio) || atLeast(annualised, c.annualisedThreshold);
    return high ? 'high_volatility' : 'normal';
  }
}

function include(sums: WindowSums, sample: ReturnSample): void {
  sums.squared.add(sample.squared);
  sums.duration += sample.duration;
}

/** The window's volatility, annualised; null for an empty window. */
function annualised(sums: WindowSums): number | null {
  if (sums.duration === 0) return null;
  const vol = Math.sqrt((Math.max(0, sums.squared.value) / sums.duration) * YEAR_MS);
  return vol < VOLATILITY_FLOOR ? 0 : vol;
}

function atLeast(x: number | null, level: number): boolean {
  return x !== null && x >= level;
}
