import type { ApiStateSource } from './api-state.types.js';

/** The part of a WebSocket the stream uses (the `ws` package's `WebSocket` fits). */
export interface StreamSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'close', listener: () => void): unknown;
}

export interface StateStreamOptions {
  /** One push per this many ms on average (default 100); changes beyond the rate coalesce into one. */
  readonly throttleMs?: number;
  /**
   * Pushes allowed back to back before the rate applies (default 2): a change arriving a little before
   * its slot (timer jitter) goes out at once instead of waiting for the next slot.
   */
  readonly burst?: number;
  /** A client with more unsent bytes than this is skipped and gets the latest snapshot later. */
  readonly maxBufferedBytes?: number;
  /** Connections beyond this are closed with 1013 (try again later). */
  readonly maxClients?: number;
}

const OPEN = 1;

/**
 * Pushes `{ type: 'snapshot', state }` to every client on connect and after every change, rate-limited
 * by a token bucket: `burst` pushes at once, refilled one per `throttleMs`; changes while the bucket is
 * empty coalesce into the next push. Each push is a full
 * snapshot, so a slow client loses nothing by being skipped: its socket buffer stays below
 * `maxBufferedBytes` plus one message and it receives the newest state once it drains.
 */
export class StateStream {
  readonly #source: ApiStateSource;
  readonly #throttleMs: number;
  readonly #maxBuffered: number;
  readonly #maxClients: number;
  readonly #clients = new Set<StreamSocket>();
  /** Clients skipped because they were slow; they get the next push even without a new change. */
  readonly #behind = new Set<StreamSocket>();
  readonly #unsubscribe: () => void;
  readonly #burst: number;
  #tokens: number;
  #refill: NodeJS.Timeout | undefined;
  #scheduled = false;
  #dirty = false;
  /** Pushes skipped for slow clients, over the stream's life. */
  skipped = 0;

  constructor(source: ApiStateSource, options: StateStreamOptions = {}) {
    this.#source = source;
    this.#throttleMs = options.throttleMs ?? 100;
    this.#maxBuffered = options.maxBufferedBytes ?? 1 << 20;
    this.#maxClients = options.maxClients ?? 100;
    this.#burst = options.burst ?? 2;
    this.#tokens = this.#burst;
    if (!Number.isInteger(this.#burst) || this.#burst < 1) {
      throw new RangeError(`burst must be a positive integer, got ${this.#burst}`);
    }
    if (!(this.#throttleMs >= 0)) throw new RangeError(`throttleMs must be >= 0, got ${this.#throttleMs}`);
    this.#unsubscribe = source.onChange(() => this.#onChange());
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  add(socket: StreamSocket): void {
    if (this.#clients.size >= this.#maxClients) {
      socket.close(1013, `too many stream clients (max ${this.#maxClients})`);
      return;
    }
    this.#clients.add(socket);
    socket.on('close', () => {
      this.#clients.delete(socket);
      this.#behind.delete(socket);
    });
    socket.send(this.#message());
  }

  close(): void {
    this.#unsubscribe();
    if (this.#refill !== undefined) clearInterval(this.#refill);
    for (const socket of this.#clients) socket.close(1001, 'server shutting down');
    this.#clients.clear();
  }

  #onChange(): void {
    this.#dirty = true;
    if (this.#tokens === 0 || this.#scheduled) return;
    // Changes made in the same tick (one bar's fill, trade and decision) go out as one push.
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if ((!this.#dirty && this.#behind.size === 0) || this.#tokens === 0) return;
    this.#tokens -= 1;
    this.#startRefill();
    const targets = this.#dirty ? this.#clients : this.#behind;
    this.#dirty = false;
    const message = this.#message();
    for (const socket of [...targets]) {
      if (socket.readyState !== OPEN) continue;
      if (socket.bufferedAmount > this.#maxBuffered) {
        this.#behind.add(socket);
        this.skipped += 1;
        continue;
      }
      this.#behind.delete(socket);
      socket.send(message);
    }
  }

  #startRefill(): void {
    if (this.#refill !== undefined) return;
    this.#refill = setInterval(() => {
      this.#tokens = Math.min(this.#burst, this.#tokens + 1);
      this.#flush();
      if (this.#tokens === this.#burst && this.#refill !== undefined) {
        clearInterval(this.#refill);
        this.#refill = undefined;
      }
    }, this.#throttleMs);
    this.#refill.unref();
  }

  #message(): string {
    return JSON.stringify({ type: 'snapshot', state: this.#source.snapshot() });
  }
}
