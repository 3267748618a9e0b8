import type { RiskConfig } from '../config/index.js';
import { DAY_MS, HOUR_MS } from '../core/index.js';
import type { Finding } from './finding.js';
import { at, num, pct } from './format.js';
import type { HaltBook } from './halt-book.js';
import type { HaltRule } from './risk.types.js';

/** A halt an equity sample triggered. */
export interface LossHalt {
  readonly rule: HaltRule;
  readonly until: number;
  readonly finding: Finding;
}

export interface LossState {
  readonly dayStart: number | null;
  readonly dayStartEquity: number | null;
  readonly peakEquity: number | null;
}

/**
 * Daily-loss and drawdown limits on the equity stream. The day starts at UTC midnight with its first
 * equity sample. The peak is frozen during a drawdown halt and restarts from the first sample after it:
 * kept at the old high, it would halt again at once for as long as the loss is not recovered.
 */
export class LossLimits {
  #dayStart: number | null;
  #dayStartEquity: number | null;
  #peak: number | null;

  constructor(state: LossState) {
    this.#dayStart = state.dayStart;
    this.#dayStartEquity = state.dayStartEquity;
    this.#peak = state.peakEquity;
  }

  state(): LossState {
    return { dayStart: this.#dayStart, dayStartEquity: this.#dayStartEquity, peakEquity: this.#peak };
  }

  /** The drawdown halt ended: the next sample becomes the new peak. */
  drawdownEnded(): void {
    this.#peak = null;
  }

  /** Takes one equity sample; returns the halts it triggers. */
  observe(time: number, equity: number, halts: HaltBook, config: RiskConfig['halts']): LossHalt[] {
    const day = Math.floor(time / DAY_MS) * DAY_MS;
    if (this.#dayStart === null || day > this.#dayStart) {
      this.#dayStart = day;
      this.#dayStartEquity = equity;
    }
    const dayStart = this.#dayStart;
    const dayStartEquity = this.#dayStartEquity ?? equity;
    const drawdownHalted = halts.has('max_drawdown_halt', time);
    if (!drawdownHalted) this.#peak = this.#peak === null ? equity : Math.max(this.#peak, equity);
    const out: LossHalt[] = [];
    const dayFloor = dayStartEquity * (1 - config.dailyLossPct);
    if (!halts.has('daily_loss_halt', time) && equity < dayFloor) {
      const until = dayStart + DAY_MS;
      out.push({
        rule: 'daily_loss_halt',
        until,
        finding: {
          rule: 'daily_loss_halt',
          numbers: {
            equity,
            dayStartEquity,
            dailyLossPct: config.dailyLossPct,
            floor: dayFloor,
            haltedUntil: until,
          },
          message:
            `equity ${num(equity)} is below the day's start ${num(dayStartEquity)} less ` +
            `${pct(config.dailyLossPct)} = ${num(dayFloor)}: entries halted until ${at(until)} (next UTC midnight)`,
        },
      });
    }
    const peak = this.#peak;
    if (!drawdownHalted && peak !== null && equity < peak * (1 - config.maxDrawdownPct)) {
      const until = time + config.drawdownCooldownHours * HOUR_MS;
      const floor = peak * (1 - config.maxDrawdownPct);
      out.push({
        rule: 'max_drawdown_halt',
        until,
        finding: {
          rule: 'max_drawdown_halt',
          numbers: {
            equity,
            peakEquity: peak,
            maxDrawdownPct: config.maxDrawdownPct,
            floor,
            haltedUntil: until,
          },
          message:
            `equity ${num(equity)} is below the peak ${num(peak)} less ${pct(config.maxDrawdownPct)} = ${num(floor)}: ` +
            `entries halted until ${at(until)} (${num(config.drawdownCooldownHours)} h); the peak restarts then`,
        },
      });
    }
    return out;
  }
}
