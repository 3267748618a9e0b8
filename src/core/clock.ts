import type { EpochMs } from './time.js';

/** The only source of "now" in nmrbot: simulated in backtests, the wall clock live. */
export interface Clock {
  now(): EpochMs;
}

export class WallClock implements Clock {
  now(): EpochMs {
    return Date.now() as EpochMs;
  }
}

/** A clock that moves only when told to; never backwards. */
export class SimClock implements Clock {
  #now: EpochMs;
  constructor(start: EpochMs) {
    this.#now = start;
  }
  now(): EpochMs {
    return this.#now;
  }
  advanceTo(t: EpochMs): void {
    if (t < this.#now) throw new RangeError(`SimClock cannot move back from ${this.#now} to ${t}`);
    this.#now = t;
  }
}
