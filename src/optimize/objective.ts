import { InputError } from '../core/index.js';
import type { BacktestMetrics } from '../backtest/index.js';

export const OBJECTIVE_NAMES = ['sharpe', 'sortino', 'calmar', 'return-drawdown', 'total-return'] as const;
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];
/** A score to maximise from a run's metrics. */
export type ObjectiveFn = (metrics: BacktestMetrics) => number;

/** A named objective, or a custom function. Return/drawdown is total return / max drawdown (0 drawdown: the return itself). */
export function resolveObjective(objective: ObjectiveFn | string): ObjectiveFn {
  if (typeof objective === 'function') return objective;
  switch (objective) {
    case 'sharpe':
      return (m) => m.sharpe;
    case 'sortino':
      return (m) => m.sortino;
    case 'calmar':
      return (m) => m.calmar;
    case 'return-drawdown':
      return (m) => (m.maxDrawdown > 0 ? m.totalReturn / m.maxDrawdown : m.totalReturn);
    case 'total-return':
      return (m) => m.totalReturn;
    default:
      throw new InputError(
        `unknown objective "${objective}": use one of ${OBJECTIVE_NAMES.join(', ')} or a function`,
      );
  }
}

/** A bound on one numeric metric, e.g. `{ metric: 'maxDrawdown', op: '<=', value: 0.25 }`. */
export interface Constraint {
  readonly metric: keyof BacktestMetrics;
  readonly op: '<=' | '>=' | '<' | '>';
  readonly value: number;
}

const CONSTRAINT_TEXT = /^\s*([A-Za-z]+)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;

/** Parses `maxDrawdown <= 0.25` or `trades >= 10`. */
export function parseConstraint(text: string): Constraint {
  const m = CONSTRAINT_TEXT.exec(text);
  if (!m)
    throw new InputError(
      `constraint "${text}": expected <metric> <=|>=|<|> <number>, e.g. "maxDrawdown <= 0.25"`,
    );
  return { metric: m[1] as keyof BacktestMetrics, op: m[2] as Constraint['op'], value: Number(m[3]) };
}

/** The constraints a run breaks, as text (empty: feasible). */
export function brokenConstraints(metrics: BacktestMetrics, constraints: readonly Constraint[]): string[] {
  const broken: string[] = [];
  for (const c of constraints) {
    const v = metrics[c.metric];
    if (typeof v !== 'number') throw new InputError(`constraint on ${c.metric}: not a numeric metric`);
    const ok =
      c.op === '<=' ? v <= c.value : c.op === '>=' ? v >= c.value : c.op === '<' ? v < c.value : v > c.value;
    if (!ok) broken.push(`${c.metric} ${c.op} ${c.value} (was ${v})`);
  }
  return broken;
}

/** The score of a run: the objective, or -Infinity when a constraint is broken (or the objective is NaN). */
export function scoreRun(
  metrics: BacktestMetrics,
  objective: ObjectiveFn,
  constraints: readonly Constraint[],
): { score: number; broken: string[] } {
  const broken = brokenConstraints(metrics, constraints);
  if (broken.length > 0) return { score: -Infinity, broken };
  const s = objective(metrics);
  return { score: Number.isNaN(s) ? -Infinity : s, broken: Number.isNaN(s) ? ['objective is NaN'] : [] };
}
