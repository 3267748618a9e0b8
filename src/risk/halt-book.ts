import { HALT_RULES, type HaltRule, type RiskHalt } from './risk.types.js';

/** The halts in force, one end time per rule; entries are refused while any has not ended. */
export class HaltBook {
  readonly #until = new Map<HaltRule, number>();

  constructor(halts: readonly RiskHalt[] = []) {
    for (const h of halts) this.extend(h.rule, h.until);
  }

  /** Starts a halt, or moves its end later (never earlier). */
  extend(rule: HaltRule, until: number): void {
    const current = this.#until.get(rule);
    if (current === undefined || until > current) this.#until.set(rule, until);
  }

  /** True when `rule` halts entries at `time`. */
  has(rule: HaltRule, time: number): boolean {
    const until = this.#until.get(rule);
    return until !== undefined && until > time;
  }

  /** The halt in force at `time` that ends last, if any. */
  activeAt(time: number): RiskHalt | undefined {
    const last = this.latest();
    return last !== undefined && last.until > time ? last : undefined;
  }

  /** The halt that ends last, ended or not. */
  latest(): RiskHalt | undefined {
    let found: RiskHalt | undefined;
    for (const h of this.list()) if (found === undefined || h.until > found.until) found = h;
    return found;
  }

  /** Removes the halts that have ended by `time` and returns them, earliest end first. */
  expire(time: number): RiskHalt[] {
    if (this.#until.size === 0) return [];
    const ended = this.list().filter((h) => h.until <= time);
    for (const h of ended) this.#until.delete(h.rule);
    return ended.sort((a, b) => a.until - b.until);
  }

  get size(): number {
    return this.#until.size;
  }

  /** Every halt, in `HALT_RULES` order. */
  list(): RiskHalt[] {
    const out: RiskHalt[] = [];
    for (const rule of HALT_RULES) {
      const until = this.#until.get(rule);
      if (until !== undefined) out.push({ rule, until });
    }
    return out;
  }
}
