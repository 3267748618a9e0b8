/**
 * One subscription kept alive: `watch` (a ccxt websocket call, resolving on every update) while it
 * works; when it fails, `poll` (the REST equivalent) every `pollIntervalMs`, trying the socket again
 * after `socketRetryMs`. Data from both paths goes to `onData`; consumers de-duplicate (trade ids,
 * order states), so an overlap at the switch is harmless.
 */
export interface StreamLoopOptions<T> {
  readonly name: string;
  readonly watch: () => Promise<T>;
  readonly poll: () => Promise<T>;
  readonly onData: (data: T, source: 'socket' | 'poll') => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pollIntervalMs: number;
  readonly socketRetryMs: number;
  readonly log: (message: string) => void;
}

export type StreamMode = 'socket' | 'polling' | 'stopped';

export class StreamLoop<T> {
  readonly #o: StreamLoopOptions<T>;
  #mode: StreamMode = 'stopped';
  #running: Promise<void> | undefined;
  /** Times the loop fell back to polling. */
  fallbacks = 0;
  /** Updates received from the socket, and polls made. */
  socketUpdates = 0;
  polls = 0;

  constructor(options: StreamLoopOptions<T>) {
    this.#o = options;
  }

  get name(): string {
    return this.#o.name;
  }

  get mode(): StreamMode {
    return this.#mode;
  }

  start(): void {
    if (this.#running) return;
    this.#mode = 'socket';
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
  }

  /** Marks the loop stopped without waiting (before closing the client, which ends pending watches). */
  requestStop(): void {
    this.#mode = 'stopped';
  }

  /** Stops after the call in flight returns (a pending watch resolves on the next update or close). */
  async stop(): Promise<void> {
    this.#mode = 'stopped';
    await this.#running;
  }

  async #loop(): Promise<void> {
    const o = this.#o;
    while (!this.#stopped()) {
      try {
        const data = await o.watch();
        if (this.#stopped()) return;
        this.socketUpdates++;
        o.onData(data, 'socket');
      } catch (err) {
        if (this.#stopped()) return;
        this.fallbacks++;
        o.log(`${o.name}: socket failed (${err instanceof Error ? err.message : String(err)}); polling`);
        this.#mode = 'polling';
        await this.#pollFor(o.socketRetryMs);
        if (this.#mode === 'polling') this.#mode = 'socket';
      }
    }
  }

  /** A method, not an inline test: `stop()` changes the mode while this loop awaits. */
  #stopped(): boolean {
    return this.#mode === 'stopped';
  }

  async #pollFor(ms: number): Promise<void> {
    const o = this.#o;
    for (let waited = 0; waited < ms && this.#mode === 'polling'; waited += o.pollIntervalMs) {
      try {
        this.polls++;
        o.onData(await o.poll(), 'poll');
      } catch (err) {
        o.log(`${o.name}: poll failed (${err instanceof Error ? err.message : String(err)})`);
      }
      await o.sleep(o.pollIntervalMs);
    }
  }
}
