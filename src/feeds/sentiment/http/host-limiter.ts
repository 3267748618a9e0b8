import type { Clock } from '../../../core/index.js';

/**
 * Spaces requests to each host: at most one per `minIntervalMs` (the largest interval any caller set
 * for that host), and none before a time the host asked for (Retry-After, an exhausted rate-limit
 * budget). Slots are reserved synchronously, so concurrent callers on one host queue up in order.
 */
export class HostLimiter {
  readonly #intervals = new Map<string, number>();
  readonly #nextAt = new Map<string, number>();
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(clock: Clock, sleep: (ms: number) => Promise<void>) {
    this.#clock = clock;
    this.#sleep = sleep;
  }

  /** Sets the host's least spacing; a larger interval set earlier stays. */
  setMinInterval(host: string, ms: number): void {
    this.#intervals.set(host, Math.max(ms, this.#intervals.get(host) ?? 0));
  }

  /** Holds the host back until `at` (epoch ms), e.g. from a Retry-After. */
  holdUntil(host: string, at: number): void {
    this.#nextAt.set(host, Math.max(at, this.#nextAt.get(host) ?? -Infinity));
  }

  /** Waits for the host's next free slot and takes it; resolves with the time waited, ms. */
  async acquire(host: string): Promise<number> {
    const now = this.#clock.now();
    const slot = Math.max(now, this.#nextAt.get(host) ?? -Infinity);
    this.#nextAt.set(host, slot + (this.#intervals.get(host) ?? 0));
    const wait = slot - now;
    if (wait > 0) await this.#sleep(wait);
    return wait;
  }
}
