import type { EpochMs } from '../core/index.js';
import type { Origin, RiskDecision, RiskRule } from './risk.types.js';

/** What a rule found, before it becomes a journaled `RiskDecision`. */
export interface Finding {
  readonly rule: RiskRule;
  /** One sentence with the numbers. */
  readonly message: string;
  readonly numbers: Readonly<Record<string, number>>;
}

/** A finding that resized or refused an entry request. */
export interface EntryFinding {
  readonly finding: Finding;
  readonly outcome: 'resized' | 'refused';
}

export function toDecision(
  finding: Finding,
  outcome: RiskDecision['outcome'],
  time: EpochMs,
  symbol: string,
  origin: Origin,
): RiskDecision {
  return {
    time,
    symbol,
    rule: finding.rule,
    outcome,
    message: finding.message,
    numbers: finding.numbers,
    origin,
  };
}
