/**
 * Order of simultaneous events (same millisecond), lowest first. At a bar boundary t:
 * alternative data and timers at t are seen first, then the bar that closes at t (the strategy
 * decides), then the funding settlement at t (positions held through the bar pay or receive), then
 * the next bar's open at t (orders decided at the close fill, so a position opened at the settlement
 * instant owes nothing for it).
 */
export const EventPriority = {
  Data: 0,
  Timer: 1,
  BarClose: 2,
  Funding: 3,
  BarOpen: 4,
} as const;
export type EventPriority = (typeof EventPriority)[keyof typeof EventPriority];

export interface QueuedEvent<T> {
  readonly time: number;
  readonly priority: EventPriority;
  readonly seq: number;
  readonly payload: T;
}

/** A binary min-heap on (time, priority, insertion order): a stable, deterministic event order. */
export class EventQueue<T> {
  #heap: QueuedEvent<T>[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(time: number, priority: EventPriority, payload: T): void {
    const heap = this.#heap;
    heap.push({ time, priority, seq: this.#seq++, payload });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as QueuedEvent<T>, heap[parent] as QueuedEvent<T>)) break;
      [heap[i], heap[parent]] = [heap[parent] as QueuedEvent<T>, heap[i] as QueuedEvent<T>];
      i = parent;
    }
  }

  peek(): QueuedEvent<T> | undefined {
    return this.#heap[0];
  }

  pop(): QueuedEvent<T> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l] as QueuedEvent<T>, heap[m] as QueuedEvent<T>)) m = l;
        if (r < heap.length && before(heap[r] as QueuedEvent<T>, heap[m] as QueuedEvent<T>)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m] as QueuedEvent<T>, heap[i] as QueuedEvent<T>];
        i = m;
      }
    }
    return top;
  }
}

function before<T>(a: QueuedEvent<T>, b: QueuedEvent<T>): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}
