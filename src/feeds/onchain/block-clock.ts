import { InvariantError } from '../../core/index.js';
import type { BlockStamp, OnchainRpc } from './rpc-client.js';

/** Post-merge slot time: the first guess of how many blocks a time span holds. */
const SLOT_MS = 12_000;
const MAX_STEPS = 80;

/**
 * Block timestamps and hashes, read once and cached, and the search from a time to a block. Block
 * times only grow with the number, so "the first block at or after t" is a sorted search; guesses
 * interpolate between the bracket's timestamps (exact to a block or two on the 12 s slot chain), and
 * every fourth step bisects so irregular stretches still converge.
 */
export class BlockClock {
  readonly #rpc: OnchainRpc;
  readonly #cache = new Map<number, BlockStamp>();

  constructor(rpc: OnchainRpc) {
    this.#rpc = rpc;
  }

  async block(n: number): Promise<BlockStamp> {
    const hit = this.#cache.get(n);
    if (hit !== undefined) return hit;
    const stamp = await this.#rpc.block(n);
    this.#cache.set(n, stamp);
    return stamp;
  }

  async timestamp(n: number): Promise<number> {
    return (await this.block(n)).timestamp;
  }

  /** Drops cached blocks below `n` (the reads have moved past them). */
  forgetBelow(n: number): void {
    for (const key of this.#cache.keys()) if (key < n) this.#cache.delete(key);
  }

  /**
   * The first block in `[lo, hi]` whose timestamp is at or after `t`, or `hi + 1` when there is none.
   * The caller guarantees every block below `lo` is earlier than `t` (0 always qualifies).
   */
  async firstAtOrAfter(t: number, lo: number, hi: number): Promise<number> {
    if (lo > hi) return lo;
    if ((await this.timestamp(lo)) >= t) return lo;
    if ((await this.timestamp(hi)) < t) return hi + 1;
    // Invariant: ts(lo) < t <= ts(hi).
    for (let step = 1; hi - lo > 1; step++) {
      if (step > MAX_STEPS)
        throw new InvariantError(`block search for ${t} did not converge in [${lo}, ${hi}]`);
      const guess = step % 4 === 0 ? lo + Math.floor((hi - lo) / 2) : await this.#interpolate(t, lo, hi);
      if ((await this.timestamp(guess)) >= t) hi = guess;
      else lo = guess;
    }
    return hi;
  }

  async #interpolate(t: number, lo: number, hi: number): Promise<number> {
    const tLo = await this.timestamp(lo);
    const tHi = await this.timestamp(hi);
    const estimate = tHi > tLo ? lo + ((t - tLo) / (tHi - tLo)) * (hi - lo) : lo + (t - tLo) / SLOT_MS;
    return Math.min(hi - 1, Math.max(lo + 1, Math.round(estimate)));
  }
}
