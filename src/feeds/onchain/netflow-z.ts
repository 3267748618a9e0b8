import { HOUR_MS } from '../../core/index.js';

/** |z| is capped here; a flow after a window without any variance scores the cap. */
export const Z_CAP = 10;

export interface ZScore {
  readonly z: number;
  readonly mean: number;
  readonly std: number;
}

/**
 * The z-score of `value` against `window` (population standard deviation), clamped to ±`Z_CAP`.
 * A window without variance gives 0 when the value equals it, else the cap with the value's sign.
 */
export function zScore(value: number, window: readonly number[]): ZScore {
  const n = window.length;
  const mean = window.reduce((s, x) => s + x, 0) / n;
  const std = Math.sqrt(window.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  const diff = value - mean;
  const raw = std > 0 ? diff / std : diff === 0 ? 0 : Math.sign(diff) * Z_CAP;
  return { z: Math.max(-Z_CAP, Math.min(Z_CAP, raw)), mean, std };
}

/**
 * Hourly netflows by hour start, and the z-score of an hour against the `hours` hours before it
 * (the hour itself excluded). No score until all of those hours are known: a partial window would
 * make the first scores of a backfill noise.
 */
export class NetflowWindow {
  readonly hours: number;
  readonly #byHour = new Map<number, number>();

  constructor(hours: number) {
    this.hours = hours;
  }

  set(hourStart: number, netflow: number): void {
    this.#byHour.set(hourStart, netflow);
  }

  zAt(hourStart: number): ZScore | undefined {
    const value = this.#byHour.get(hourStart);
    if (value === undefined) return undefined;
    const window: number[] = [];
    for (let k = this.hours; k >= 1; k--) {
      const v = this.#byHour.get(hourStart - k * HOUR_MS);
      if (v === undefined) return undefined;
      window.push(v);
    }
    return zScore(value, window);
  }
}
