import type { Alert } from './alert.types.js';

/** Where alerts go: a URL and how an alert becomes its JSON body. The URL may hold a secret: never logged. */
export interface AlertTarget {
  /** Named in warnings instead of the URL (`webhook`, `telegram`). */
  readonly name: string;
  readonly url: string;
  readonly body: (alert: Alert) => string;
}

export interface AlertSenderOptions {
  readonly targets: readonly AlertTarget[];
  /** Alerts waiting at most; a new one beyond it drops the oldest. */
  readonly queueSize: number;
  /** Tries per alert and target on 5xx, 429 and network errors. */
  readonly maxAttempts: number;
  /** Where warnings go (drops, give-ups); never given a URL. */
  readonly warn: (message: string) => void;
  /** Waits between tries; `setTimeout` by default (tests pass a recorder). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** First backoff, ms, doubled each try (default 1000). */
  readonly backoffMs?: number;
  /** A try that takes longer is abandoned as a network error (default 10 s). */
  readonly timeoutMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A bounded queue of alerts drained in the background: `send` returns at once, so the kernel never
 * waits on the network. Each alert goes to every target in turn, with retries and backoff; a target
 * that stays down costs a warning, not the run.
 */
export class AlertSender {
  readonly #o: AlertSenderOptions;
  readonly #queue: Alert[] = [];
  #draining: Promise<void> | undefined;
  /** Alerts dropped because the queue was full. */
  dropped = 0;
  /** Deliveries (alert x target) that succeeded / gave up. */
  delivered = 0;
  failed = 0;

  constructor(options: AlertSenderOptions) {
    if (options.queueSize < 1) throw new RangeError(`alert queueSize must be >= 1, got ${options.queueSize}`);
    this.#o = options;
  }

  get pending(): number {
    return this.#queue.length;
  }

  send(alert: Alert): void {
    if (this.#o.targets.length === 0) return;
    if (this.#queue.length >= this.#o.queueSize) {
      const old = this.#queue.shift();
      this.dropped++;
      this.#o.warn(
        `alert queue full (${this.#o.queueSize}): dropped the oldest (${old?.kind ?? '?'}: ${old?.title ?? ''}); ${this.dropped} dropped so far`,
      );
    }
    this.#queue.push(alert);
    this.#draining ??= this.#drain().finally(() => (this.#draining = undefined));
  }

  /** Resolves when every queued alert has been delivered or given up on (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    for (let alert = this.#queue.shift(); alert; alert = this.#queue.shift())
      for (const target of this.#o.targets) await this.#deliver(alert, target);
  }

  async #deliver(alert: Alert, target: AlertTarget): Promise<void> {
    const sleep = this.#o.sleep ?? realSleep;
    let backoff = this.#o.backoffMs ?? 1000;
    let why = '';
    for (let attempt = 1; attempt <= this.#o.maxAttempts; attempt++) {
      let wait = backoff;
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: target.body(alert),
          signal: AbortSignal.timeout(this.#o.timeoutMs ?? 10_000),
        });
        const text = await res.text();
        if (res.ok) {
          this.delivered++;
          return;
        }
        why = `HTTP ${res.status}`;
        if (res.status !== 429 && res.status < 500) break; // a 4xx other than 429 will not get better
        if (res.status === 429) wait = retryAfterMs(res.headers.get('retry-after'), text) ?? backoff;
      } catch (err) {
        why = err instanceof Error ? `${err.name}: ${networkCause(err)}` : 'network error';
      }
      if (attempt < this.#o.maxAttempts) await sleep(wait);
      backoff *= 2;
    }
    this.failed++;
    this.#o.warn(`alert to ${target.name} not delivered (${alert.kind}: ${alert.title}): ${why}`);
  }
}

/** Telegram's 429 body says `parameters.retry_after` (seconds); others may send a Retry-After header. */
export function retryAfterMs(header: string | null, body: string): number | undefined {
  try {
    const parsed = JSON.parse(body) as { parameters?: { retry_after?: unknown } };
    const s = parsed.parameters?.retry_after;
    if (typeof s === 'number' && s >= 0) return s * 1000;
  } catch {
    // not JSON: fall back to the header
  }
  const h = header === null ? NaN : Number(header);
  return Number.isFinite(h) && h >= 0 ? h * 1000 : undefined;
}

/** The cause of a fetch failure without the URL (which may hold a token). */
function networkCause(err: Error): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code ?? (err.name === 'TimeoutError' ? 'timed out' : 'request failed');
}
