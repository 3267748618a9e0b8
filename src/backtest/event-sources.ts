import { type EpochMs, EventPriority, EventQueue, InputError } from '../core/index.js';
import type { DataEvent, FundingRateEvent } from '../strategy/index.js';

export interface SourceHandlers {
  onFunding(event: FundingRateEvent): void;
  onData(event: DataEvent): void;
  onTimer(name: string): void;
  /** Moves the clock to the event's time before it is handled. */
  advanceTo(time: EpochMs): void;
}

/**
 * The non-bar event streams of a backtest (funding settlements, alternative data at `availableAt`,
 * timers), merged in (time, priority) order. Funding and data arrive sorted; timers are set while the
 * run goes, so they sit in a heap.
 */
export class EventSources {
  #funding: FundingRateEvent[];
  #data: DataEvent[];
  #fi = 0;
  #di = 0;
  #timers = new EventQueue<string>();

  constructor(funding: readonly FundingRateEvent[], data: readonly DataEvent[]) {
    this.#funding = [];
    this.#data = [];
    this.addFunding(funding);
    this.addData(data);
  }

  /** Appends settlements; they must not start before the last one added (they come from one series). */
  addFunding(events: readonly FundingRateEvent[]): void {
    const last = this.#funding[this.#funding.length - 1];
    const first = events[0];
    if (last && first && first.time < last.time) {
      throw new InputError(
        `funding settlement at ${new Date(first.time).toISOString()} arrived after one at ` +
          `${new Date(last.time).toISOString()}: settlements must come in time order`,
      );
    }
    for (const e of events) this.#funding.push(e);
  }

  /** Adds data; the ones not yet delivered are kept in `availableAt` order (ties: the order given). */
  addData(events: readonly DataEvent[]): void {
    if (events.length === 0) return;
    const pending = this.#data.slice(this.#di);
    const merged = [...pending, ...events].sort((a, b) => a.availableAt - b.availableAt);
    this.#data = merged;
    this.#di = 0;
  }

  addTimer(at: EpochMs, name: string): void {
    this.#timers.push(at, EventPriority.Timer, name);
  }

  /** Handles every event before (time, priority), in order. */
  drainBefore(time: number, priority: EventPriority, h: SourceHandlers): void {
    for (;;) {
      const f = this.#funding[this.#fi];
      const d = this.#data[this.#di];
      const tm = this.#timers.peek();
      let bestT = Infinity;
      let bestP: number = EventPriority.BarOpen + 1;
      let which = 0;
      if (d && (d.availableAt < bestT || (d.availableAt === bestT && EventPriority.Data < bestP))) {
        bestT = d.availableAt;
        bestP = EventPriority.Data;
        which = 1;
      }
      if (tm && (tm.time < bestT || (tm.time === bestT && EventPriority.Timer < bestP))) {
        bestT = tm.time;
        bestP = EventPriority.Timer;
        which = 2;
      }
      if (f && (f.time < bestT || (f.time === bestT && EventPriority.Funding < bestP))) {
        bestT = f.time;
        bestP = EventPriority.Funding;
        which = 3;
      }
      if (which === 0 || bestT > time || (bestT === time && bestP >= priority)) return;
      h.advanceTo(bestT as EpochMs);
      if (which === 1) {
        this.#di++;
        h.onData(d as DataEvent);
      } else if (which === 2) {
        h.onTimer((this.#timers.pop() as { payload: string }).payload);
      } else {
        this.#fi++;
        h.onFunding(f as FundingRateEvent);
      }
    }
  }
}

/**
 * The handlers that feed a kernel from `EventSources`. An event that became known before the clock's
 * time (data published before the first bar) is handled at the clock's time: it was known then, and
 * time never runs backwards.
 */
export function kernelHandlers(
  clock: { now(): EpochMs; advanceTo(t: EpochMs): void },
  kernel: {
    onFunding(e: FundingRateEvent): void;
    onData(e: DataEvent): void;
    onTimer(name: string): void;
  },
): SourceHandlers {
  return {
    advanceTo: (t) => {
      if (t > clock.now()) clock.advanceTo(t);
    },
    onFunding: (e) => kernel.onFunding(e),
    onData: (e) => kernel.onData(e),
    onTimer: (name) => kernel.onTimer(name),
  };
}
