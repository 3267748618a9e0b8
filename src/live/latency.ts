/** Order-path latency: decision → request sent → exchange acknowledgement, per order (performance.now ms). */

export interface OrderLatency {
  readonly clientOrderId: string;
  readonly decidedAt: number;
  sentAt: number | undefined;
  ackAt: number | undefined;
}

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface LatencyReport {
  /** Order manager overhead: decision until the create request goes out (rate-limit waits included). */
  readonly decisionToSend: Percentiles | undefined;
  /** Round trip: request sent until the exchange acknowledged (first answer to the create). */
  readonly sendToAck: Percentiles | undefined;
  readonly decisionToAck: Percentiles | undefined;
}

/** Nearest-rank percentile of ascending `sorted` (p in (0, 100]). */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function percentiles(samples: readonly number[]): Percentiles | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: nearestRank(sorted, 50),
    p99: nearestRank(sorted, 99),
    max: sorted[sorted.length - 1] as number,
  };
}

export interface LatencyRecorderOptions {
  /** Monotonic ms; `performance.now` unless a test drives it. */
  readonly now?: () => number;
  /** Warn when an acknowledgement takes longer (the playbook's 100 ms budget); undefined: never. */
  readonly warnAckAboveMs?: number | undefined;
  readonly warn?: (message: string) => void;
  /** Called once per order when it is acknowledged, with its complete record (to journal it). */
  readonly onMeasured?: (record: Readonly<OrderLatency>) => void;
}

/** Keeps one record per order; the report covers the whole run. */
export class LatencyRecorder {
  readonly #records = new Map<string, OrderLatency>();
  readonly #now: () => number;
  readonly #warnAbove: number | undefined;
  readonly #warn: (message: string) => void;
  readonly #onMeasured: ((record: Readonly<OrderLatency>) => void) | undefined;

  constructor(options: LatencyRecorderOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#warnAbove = options.warnAckAboveMs;
    this.#warn = options.warn ?? (() => undefined);
    this.#onMeasured = options.onMeasured;
  }

  decided(clientOrderId: string): void {
    this.#records.set(clientOrderId, {
      clientOrderId,
      decidedAt: this.#now(),
      sentAt: undefined,
      ackAt: undefined,
    });
  }

  /** The first send counts; a retry does not move it (the acknowledgement then includes the retries). */
  sent(clientOrderId: string): void {
    const r = this.#records.get(clientOrderId);
    if (r && r.sentAt === undefined) r.sentAt = this.#now();
  }

  acknowledged(clientOrderId: string): void {
    const r = this.#records.get(clientOrderId);
    if (!r || r.ackAt !== undefined || r.sentAt === undefined) return;
    r.ackAt = this.#now();
    const took = r.ackAt - r.sentAt;
    this.#onMeasured?.(r);
    if (this.#warnAbove !== undefined && took > this.#warnAbove)
      this.#warn(
        `order ${clientOrderId}: acknowledgement took ${took.toFixed(1)} ms, over the ${this.#warnAbove} ms budget`,
      );
  }

  record(clientOrderId: string): Readonly<OrderLatency> | undefined {
    return this.#records.get(clientOrderId);
  }

  report(): LatencyReport {
    const toSend: number[] = [];
    const toAck: number[] = [];
    const total: number[] = [];
    for (const r of this.#records.values()) {
      if (r.sentAt !== undefined) toSend.push(r.sentAt - r.decidedAt);
      if (r.sentAt !== undefined && r.ackAt !== undefined) {
        toAck.push(r.ackAt - r.sentAt);
        total.push(r.ackAt - r.decidedAt);
      }
    }
    return {
      decisionToSend: percentiles(toSend),
      sendToAck: percentiles(toAck),
      decisionToAck: percentiles(total),
    };
  }
}
