import type { RiskConfig } from '../config/index.js';
import { HOUR_MS, MINUTE_MS } from '../core/index.js';
import type { Candle } from '../data/index.js';
import type { Finding } from './finding.js';
import { at, num, pct } from './format.js';
import { type Move, MoveWindow } from './move-window.js';

/** A breaker trip: close everything, and no entries before `until`. */
export interface BreakerTrip {
  readonly until: number;
  readonly finding: Finding;
}

/**
 * Trips on a move of more than `movePct` inside `windowMinutes` of the bars fed in. A trip restarts the
 * move window, so one violent move counts once; a new move while halted trips again and extends the
 * calm period to `calmHours` after it.
 */
export class CircuitBreaker {
  readonly #config: RiskConfig['circuitBreaker'];
  readonly #moves: MoveWindow;

  constructor(config: RiskConfig['circuitBreaker']) {
    this.#config = config;
    this.#moves = new MoveWindow(config.windowMinutes * MINUTE_MS);
  }

  add(candle: Candle, closeTime: number): BreakerTrip | undefined {
    const move = this.#moves.add(candle.openTime, closeTime, candle.high, candle.low);
    if (!(move.size > this.#config.movePct)) return undefined;
    this.#moves.reset();
    const until = closeTime + this.#config.calmHours * HOUR_MS;
    return {
      until,
      finding: {
        rule: 'circuit_breaker',
        numbers: {
          move: move.size,
          movePct: this.#config.movePct,
          from: move.from,
          to: move.to,
          windowMinutes: this.#config.windowMinutes,
          haltedUntil: until,
        },
        message:
          `${describeMove(move)} within ${num(this.#config.windowMinutes)} min, more than ${pct(this.#config.movePct)}: ` +
          `close every position; ` +
          `no entries until ${at(until)} (${num(this.#config.calmHours)} h of calm)`,
      },
    };
  }
}

function describeMove(move: Move): string {
  const size = pct(move.size);
  if (move.direction === 'range')
    return `price ranged ${size} inside one bar (low ${num(move.from)}, high ${num(move.to)}; order inside a bar unknown)`;
  return `price ${move.direction === 'rise' ? 'rose' : 'fell'} ${size} (${num(move.from)} to ${num(move.to)})`;
}
