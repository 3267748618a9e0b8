import { SlidingQueue } from './sliding-queue.js';

/** The largest move inside the window ending at the newest bar. */
export interface Move {
  /** Fraction: a rise over the earlier low, or a fall from the earlier high. */
  readonly size: number;
  /** `range`: the move lies inside the newest bar, whose inner order is unknown. */
  readonly direction: 'rise' | 'fall' | 'range';
  readonly from: number;
  readonly to: number;
}

interface Extreme {
  readonly openTime: number;
  readonly price: number;
}

/**
 * The largest directional move among the bars whose span lies in a rolling window (the newest bar
 * always counts, even when it is longer than the window). For bars i <= j in the window:
 * rise = (high_j - low_i) / low_i and fall = (high_i - low_j) / high_i. A pair within one bar counts
 * as a rise over its own range, (high - low) / low: the order inside a bar is unknown, so the larger
 * reading is taken. Every pair was in the window when its later bar arrived, so only moves ending at the
 * newest bar need checking: its high against the window's lowest low, its low against the highest
 * high, each kept by a monotonic deque (amortised O(1) per bar).
 */
export class MoveWindow {
  readonly #windowMs: number;
  readonly #lows = new SlidingQueue<Extreme>();
  readonly #highs = new SlidingQueue<Extreme>();

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  add(openTime: number, closeTime: number, high: number, low: number): Move {
    pushMonotonic(this.#lows, { openTime, price: low }, below);
    pushMonotonic(this.#highs, { openTime, price: high }, above);
    const cutoff = closeTime - this.#windowMs;
    evict(this.#lows, cutoff);
    evict(this.#highs, cutoff);
    const lowest = this.#lows.front() ?? { openTime, price: low };
    const highest = this.#highs.front() ?? { openTime, price: high };
    const rise = (high - lowest.price) / lowest.price;
    const fall = (highest.price - low) / highest.price;
    if (rise >= fall) {
      const direction = lowest.openTime === openTime ? 'range' : 'rise';
      return { size: rise, direction, from: lowest.price, to: high };
    }
    return { size: fall, direction: 'fall', from: highest.price, to: low };
  }

  /** Forgets every bar: after a trip, the next move is measured from the bars that follow it. */
  reset(): void {
    this.#lows.clear();
    this.#highs.clear();
  }
}

const below = (kept: number, added: number): boolean => kept < added;
const above = (kept: number, added: number): boolean => kept > added;

/** Appends, first dropping from the back every entry that `keep` says the new one makes redundant. */
function pushMonotonic(
  queue: SlidingQueue<Extreme>,
  item: Extreme,
  keep: (kept: number, added: number) => boolean,
): void {
  for (let back = queue.back(); back !== undefined && !keep(back.price, item.price); back = queue.back()) {
    queue.popBack();
  }
  queue.push(item);
}

/** Drops bars that started before the window; the newest bar stays. */
function evict(queue: SlidingQueue<Extreme>, cutoff: number): void {
  for (let front = queue.front(); front !== undefined && queue.length > 1; front = queue.front()) {
    if (front.openTime >= cutoff) break;
    queue.shift();
  }
}
