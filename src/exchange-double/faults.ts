import { InputError } from '../core/index.js';

/**
 * Fault injection, set at start (`startExchangeDouble({ faults })`) and changed at runtime
 * (`double.faults.set(...)`). Counted faults (`http5xx`, `rateLimit`, `timeout`) hit the next `count`
 * matching requests, in that order of precedence; rates draw from a PRNG seeded with `seed`, so a run
 * is reproducible.
 */
export interface FaultOptions {
  /** Delay added before every HTTP answer and every WebSocket message, ms. */
  readonly latencyMs?: number;
  /** Extra delay drawn uniformly from [0, latencyJitterMs), ms. Messages keep their order on a socket. */
  readonly latencyJitterMs?: number;
  /** Share of requests answered with a bare 503 page (ccxt: ExchangeNotAvailable), e.g. 0.05. */
  readonly http5xxRate?: number;
  /** The next `count` requests (to `paths`, default all) get `status` (default 503). */
  readonly http5xx?: CountedFault & { readonly status?: 500 | 502 | 503 | 504 };
  /** The next `count` requests get 429 with `Retry-After` and Binance's -1003 body. */
  readonly rateLimit?: CountedFault & { readonly retryAfterSeconds?: number };
  /**
   * The next `count` requests are never answered (the socket stays open until the client gives up).
   * With `afterExecution` the double executes the request first (an order IS placed, only the answer
   * is lost: the race a client must resolve by looking the client id up); by default it does not.
   */
  readonly timeout?: CountedFault & { readonly afterExecution?: boolean };
  /** Share of WebSocket messages silently dropped. */
  readonly wsDropRate?: number;
  /** Share of WebSocket messages sent twice. */
  readonly wsDuplicateRate?: number;
  /** The double's clock minus the wall clock, ms: signed requests further than recvWindow away get -1021. */
  readonly clockSkewMs?: number;
  /** PRNG seed for the rates and the jitter. Default 20261126. */
  readonly seed?: number;
}

export interface CountedFault {
  readonly count: number;
  /** Only requests to these paths count; default every path. */
  readonly paths?: readonly string[];
}

export type HttpFault =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number }
  | { readonly kind: 'timeout'; readonly afterExecution: boolean };

/** mulberry32: a small, fast, seeded PRNG in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkRate(name: string, x: number | undefined): void {
  if (x !== undefined && !(x >= 0 && x <= 1))
    throw new InputError(`faults.${name} must be in [0, 1], got ${x}`);
}

function checkCount(name: string, f: CountedFault | undefined): void {
  if (f !== undefined && !(Number.isInteger(f.count) && f.count >= 0))
    throw new InputError(`faults.${name}.count must be a whole number >= 0, got ${f.count}`);
}

/** The live fault state: what is configured and how many counted faults are left. */
export class Faults {
  #options: FaultOptions = {};
  #random: () => number = prng(20261126);
  #left = { http5xx: 0, rateLimit: 0, timeout: 0 };

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  get options(): FaultOptions {
    return this.#options;
  }

  /** Replaces the given keys (others stay); counted faults restart from their new `count`. */
  set(options: FaultOptions): void {
    for (const k of ['http5xxRate', 'wsDropRate', 'wsDuplicateRate'] as const) checkRate(k, options[k]);
    for (const k of ['http5xx', 'rateLimit', 'timeout'] as const) checkCount(k, options[k]);
    for (const k of ['latencyMs', 'latencyJitterMs'] as const) {
      const v = options[k];
      if (v !== undefined && !(v >= 0)) throw new InputError(`faults.${k} must be >= 0 ms, got ${v}`);
    }
    this.#options = { ...this.#options, ...options };
    if (options.seed !== undefined) this.#random = prng(options.seed);
    if (options.http5xx) this.#left.http5xx = options.http5xx.count;
    if (options.rateLimit) this.#left.rateLimit = options.rateLimit.count;
    if (options.timeout) this.#left.timeout = options.timeout.count;
  }

  /** Removes every fault. */
  clear(): void {
    this.#options = { seed: this.#options.seed };
    this.#left = { http5xx: 0, rateLimit: 0, timeout: 0 };
  }

  /** The fault (if any) the request to `path` gets; counted faults are used up here. */
  nextHttp(path: string): HttpFault | undefined {
    const o = this.#options;
    const hits = (f: CountedFault | undefined): boolean =>
      f !== undefined && (!f.paths || f.paths.includes(path));
    if (this.#left.timeout > 0 && hits(o.timeout)) {
      this.#left.timeout--;
      return { kind: 'timeout', afterExecution: o.timeout?.afterExecution === true };
    }
    if (this.#left.rateLimit > 0 && hits(o.rateLimit)) {
      this.#left.rateLimit--;
      return { kind: 'rate-limit', retryAfterSeconds: o.rateLimit?.retryAfterSeconds ?? 1 };
    }
    if (this.#left.http5xx > 0 && hits(o.http5xx)) {
      this.#left.http5xx--;
      return { kind: 'status', status: o.http5xx?.status ?? 503 };
    }
    if (o.http5xxRate !== undefined && o.http5xxRate > 0 && this.#random() < o.http5xxRate)
      return { kind: 'status', status: 503 };
    return undefined;
  }

  /** How a WebSocket message goes out: dropped (0 copies), once, or twice. */
  wsCopies(): 0 | 1 | 2 {
    const o = this.#options;
    if (o.wsDropRate && this.#random() < o.wsDropRate) return 0;
    if (o.wsDuplicateRate && this.#random() < o.wsDuplicateRate) return 2;
    return 1;
  }

  /** The delay to apply now, ms. */
  delayMs(): number {
    const o = this.#options;
    return (o.latencyMs ?? 0) + (o.latencyJitterMs ? this.#random() * o.latencyJitterMs : 0);
  }

  get clockSkewMs(): number {
    return this.#options.clockSkewMs ?? 0;
  }
}
