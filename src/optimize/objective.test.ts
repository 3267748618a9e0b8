import { describe, expect, it } from 'vitest';
import type { BacktestMetrics } from '../backtest/index.js';
import { parseConstraint, resolveObjective, scoreRun } from './objective.js';

/** Hand-made metrics: only the fields the objectives and constraints read matter. */
const metrics = {
  sharpe: 1.5,
  sortino: 2.1,
  calmar: 0.8,
  totalReturn: 0.3,
  maxDrawdown: 0.2,
  trades: 12,
} as BacktestMetrics;

describe('objectives', () => {
  it('reads the named metric; return/drawdown divides', () => {
    expect(resolveObjective('sharpe')(metrics)).toBe(1.5);
    expect(resolveObjective('sortino')(metrics)).toBe(2.1);
    expect(resolveObjective('calmar')(metrics)).toBe(0.8);
    expect(resolveObjective('return-drawdown')(metrics)).toBeCloseTo(1.5, 12);
    expect(resolveObjective((m) => m.trades * 2)(metrics)).toBe(24);
    expect(() => resolveObjective('profit')).toThrow(/unknown objective "profit"/);
  });
});

describe('constraints', () => {
  it('parses text and scores a breaking run -Infinity with the reason', () => {
    expect(parseConstraint('maxDrawdown <= 0.25')).toEqual({ metric: 'maxDrawdown', op: '<=', value: 0.25 });
    const sharpe = resolveObjective('sharpe');
    expect(scoreRun(metrics, sharpe, [parseConstraint('maxDrawdown <= 0.25')])).toEqual({
      score: 1.5,
      broken: [],
    });
    expect(
      scoreRun(metrics, sharpe, [parseConstraint('maxDrawdown<0.1'), parseConstraint('trades >= 20')]),
    ).toEqual({
      score: -Infinity,
      broken: ['maxDrawdown < 0.1 (was 0.2)', 'trades >= 20 (was 12)'],
    });
    expect(() => parseConstraint('drawdown is small')).toThrow(/expected <metric>/);
  });
});
