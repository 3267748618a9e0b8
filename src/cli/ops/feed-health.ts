import type { FeedHealthView } from '../../api/index.js';

/** One feed a session watches. */
export interface WatchedFeed {
  readonly name: string;
  /** Unhealthy once the newest datum is older than this (wall ms); undefined: age alone never is. */
  readonly maxAgeMs?: number | undefined;
  /** For a stream that is quiet by nature (the account's): healthy only while this says connected. */
  readonly connected?: () => boolean;
}

/**
 * When each feed of a running session last delivered something, by the wall clock of this process.
 * Ages are measured from receipt, not from the datum's own timestamp: a replay (the exchange double,
 * `paper --replay`) serves market time that is not wall time, and receipt is what a dead feed stops.
 */
export class FeedHealth {
  readonly #feeds: readonly WatchedFeed[];
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;

  constructor(feeds: readonly WatchedFeed[], now: () => number = Date.now) {
    this.#feeds = feeds;
    this.#now = now;
  }

  /** `name` delivered a datum now. */
  seen(name: string): void {
    this.#seen.set(name, this.#now());
  }

  /** Seconds since each feed's newest datum (undefined: nothing yet), for the metrics' gauge. */
  ages(): Record<string, number | undefined> {
    return Object.fromEntries(this.views().map((v) => [v.name, v.ageSeconds]));
  }

  /** The dashboard's view: age in seconds (0.1 s steps) and whether the feed is healthy now. */
  views(): FeedHealthView[] {
    const now = this.#now();
    return this.#feeds.map((f) => {
      const at = this.#seen.get(f.name);
      const ageMs = at === undefined ? undefined : now - at;
      const fresh = f.maxAgeMs === undefined || (ageMs !== undefined && ageMs <= f.maxAgeMs);
      return {
        name: f.name,
        ageSeconds: ageMs === undefined ? undefined : Math.round(ageMs / 100) / 10,
        healthy: fresh && (f.connected?.() ?? true),
      };
    });
  }
}

/**
 * Pushes the feeds' health to `show` every `everyMs` (so a feed that stops delivering turns
 * unhealthy on the dashboard without waiting for the next bar) and reports each feed once when it
 * turns unhealthy (`onUnhealthy`: an error alert). Returns the stop function.
 */
export function watchFeedHealth(
  health: FeedHealth,
  o: {
    readonly everyMs: number;
    readonly show?: ((views: readonly FeedHealthView[]) => void) | undefined;
    readonly onUnhealthy: (feed: FeedHealthView) => void;
  },
): () => void {
  const unhealthy = new Set<string>();
  const tick = (): void => {
    const views = health.views();
    o.show?.(views);
    for (const v of views) {
      // A feed that never delivered is still starting up, not dead.
      if (!v.healthy && v.ageSeconds !== undefined && !unhealthy.has(v.name)) {
        unhealthy.add(v.name);
        o.onUnhealthy(v);
      } else if (v.healthy) unhealthy.delete(v.name);
    }
  };
  const timer = setInterval(tick, o.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
