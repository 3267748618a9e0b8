import { InputError, InvariantError } from '../core/index.js';
import type { ExchangeEngine } from './exchange-engine.js';

/**
 * Moves the engine through the replay. Manual mode (no speed): time stands at a bar boundary until
 * `advance()`. Timed mode: `speed` replayed ms pass per wall ms (speed 600 = 10 replayed minutes per
 * second), the engine's clock runs between boundaries, and each boundary is processed when reached.
 */
export class ReplayDriver {
  readonly #engine: ExchangeEngine;
  readonly #speed: number | undefined;
  readonly #wallNow: () => number;
  #timer: NodeJS.Timeout | undefined;
  #wall0 = 0;
  #replay0 = 0;
  #ended = false;
  readonly #onError: (err: unknown) => void;

  /** `onError` hears a failure of a timed step (the replay then stops); default: rethrow. */
  constructor(
    engine: ExchangeEngine,
    speed: number | undefined,
    wallNow: () => number = Date.now,
    onError: (err: unknown) => void = (err) => {
      throw err;
    },
  ) {
    if (speed !== undefined && !(speed > 0 && Number.isFinite(speed)))
      throw new InputError(`speed must be a number > 0 (replayed ms per wall ms), got ${speed}`);
    this.#engine = engine;
    this.#speed = speed;
    this.#wallNow = wallNow;
    this.#onError = onError;
  }

  get timed(): boolean {
    return this.#speed !== undefined;
  }

  /** True once the last bar is forming: nothing more to replay. */
  get ended(): boolean {
    return this.#ended;
  }

  start(): void {
    if (this.#speed === undefined) return;
    const speed = this.#speed;
    const replay = this.#engine.replay;
    this.#wall0 = this.#wallNow();
    this.#replay0 = replay.boundaryTime;
    this.#engine.setClock(() => {
      const t = this.#replay0 + (this.#wallNow() - this.#wall0) * speed;
      const next = replay.nextBoundaryTime;
      return Math.floor(Math.max(replay.boundaryTime, next === undefined ? t : Math.min(t, next - 1)));
    });
    this.#schedule();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Manual mode: processes `bars` bar boundaries. Returns how many were processed (fewer at the end). */
  advance(bars = 1): number {
    if (this.#speed !== undefined)
      throw new InvariantError('advance() is for manual mode; this double replays at a speed');
    if (!(Number.isInteger(bars) && bars >= 0))
      throw new InputError(`advance(bars): bars must be a whole number >= 0, got ${bars}`);
    let done = 0;
    while (done < bars && this.#engine.advance()) done++;
    if (this.#engine.replay.nextBoundaryTime === undefined) this.#ended = true;
    return done;
  }

  #schedule(): void {
    const speed = this.#speed;
    if (speed === undefined) return;
    const replay = this.#engine.replay;
    const t = this.#replay0 + (this.#wallNow() - this.#wall0) * speed;
    while (replay.nextBoundaryTime !== undefined && replay.nextBoundaryTime <= t) this.#engine.advance();
    const next = replay.nextBoundaryTime;
    if (next === undefined) {
      this.#ended = true;
      return;
    }
    const wait = Math.max(0, (next - t) / speed);
    this.#timer = setTimeout(() => {
      try {
        this.#schedule();
      } catch (err) {
        this.#ended = true;
        this.#onError(err);
      }
    }, Math.ceil(wait));
  }
}
