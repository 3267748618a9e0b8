import { HOUR_MS, InputError } from '../core/index.js';
import { FundingSeries } from '../data/index.js';
import type { ConstantFunding } from './exchange-double.types.js';

/** One settlement the double will pay or charge. */
export interface Settlement {
  readonly time: number;
  readonly rate: number;
  /** The venue's mark at settlement when the source recorded it; else the replay's last price is used. */
  readonly markPrice: number | undefined;
  readonly intervalHours: number;
}

/**
 * The funding settlements of a replay, in time order: a stored `FundingSeries` (real rates, real times
 * with Binance's odd +1 ms) or a constant rate on the UTC grid of `intervalHours`.
 */
export class FundingSchedule {
  readonly #events: readonly Settlement[];
  /** The settlement spacing of a constant schedule, which goes on past the replayed series. */
  readonly #constantStepMs: number | undefined;
  #next = 0;

  constructor(source: FundingSeries | ConstantFunding | undefined, from: number, to: number) {
    this.#constantStepMs =
      source === undefined || source instanceof FundingSeries ? undefined : source.intervalHours * HOUR_MS;
    if (source === undefined) this.#events = [];
    else if (source instanceof FundingSeries) {
      this.#events = source.events.map((e, i) => ({
        time: e.time,
        rate: e.rate,
        markPrice: e.markPrice,
        intervalHours: source.intervalHours[i] ?? 8,
      }));
    } else this.#events = constantSchedule(source, from, to);
  }

  /** Settlements at or before `time` (before it when `inclusive` is false) not returned yet, oldest first. */
  due(time: number, inclusive = true): Settlement[] {
    const out: Settlement[] = [];
    const limit = inclusive ? time : time - 1;
    while (this.#next < this.#events.length && (this.#events[this.#next]?.time ?? Infinity) <= limit) {
      out.push(this.#events[this.#next] as Settlement);
      this.#next++;
    }
    return out;
  }

  /** Skips settlements at or before `time` without returning them (history before the replay starts). */
  skipTo(time: number): void {
    this.due(time);
  }

  /** Every settlement at or before `time` (for `/fapi/v1/fundingRate`). */
  visible(time: number): Settlement[] {
    return this.#events.filter((e) => e.time <= time);
  }

  /** The latest settled rate at `time`, or 0 before the first. */
  lastRate(time: number): number {
    let rate = 0;
    for (const e of this.#events) {
      if (e.time > time) break;
      rate = e.rate;
    }
    return rate;
  }

  /** Time of the first settlement after `time`, or 0 when none is scheduled. */
  nextTime(time: number): number {
    const step = this.#constantStepMs;
    if (step !== undefined) return (Math.floor(time / step) + 1) * step;
    return this.#events.find((e) => e.time > time)?.time ?? 0;
  }

  /** The interval in force at `time`, hours (8 when nothing is known). */
  intervalHours(time: number): number {
    return (this.#events.find((e) => e.time > time) ?? this.#events.at(-1))?.intervalHours ?? 8;
  }
}

function constantSchedule(c: ConstantFunding, from: number, to: number): Settlement[] {
  if (!Number.isFinite(c.rate)) throw new InputError(`funding.rate must be a finite number, got ${c.rate}`);
  if (!(c.intervalHours > 0 && Number.isInteger(c.intervalHours)))
    throw new InputError(`funding.intervalHours must be a whole number of hours > 0, got ${c.intervalHours}`);
  const step = c.intervalHours * HOUR_MS;
  const out: Settlement[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step)
    out.push({ time: t, rate: c.rate, markPrice: undefined, intervalHours: c.intervalHours });
  return out;
}
