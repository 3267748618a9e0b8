import { describe, expect, it } from 'vitest';
import { exactSpec } from '../../backtest/test-helpers.js';
import { type OptimizeJob, runJob } from '../job.js';
import { parseConstraint, resolveObjective } from '../objective.js';
import { decodeJson, decodeTrial, encodeJson, encodeTrial } from './json-codec.js';
import { T0, H, syntheticMarket } from './test-fixtures/synthetic-market.js';

describe('encodeJson / decodeJson', () => {
  it('keeps -Infinity, Infinity, NaN and -0 exactly, nested in objects and arrays', () => {
    const value = {
      score: -Infinity,
      m: { profitFactor: Infinity, sharpe: NaN, zero: -0 },
      list: [1.5, NaN, -0, 0],
    };
    const back = decodeJson<typeof value>(encodeJson(value));
    expect(back.score).toBe(-Infinity);
    expect(back.m.profitFactor).toBe(Infinity);
    expect(back.m.sharpe).toBeNaN();
    expect(Object.is(back.m.zero, -0), '-0 stays -0').toBe(true);
    expect(Object.is(back.list[2], -0)).toBe(true);
    expect(Object.is(back.list[3], 0)).toBe(true);
    expect(back).toStrictEqual(value);
    expect(JSON.parse(JSON.stringify(value)), 'plain JSON would lose them').toStrictEqual({
      score: null,
      m: { profitFactor: null, sharpe: null, zero: 0 },
      list: [1.5, null, 0, 0],
    });
  });

  it('round-trips every float64 bit pattern it is given, ordinary ones included', () => {
    const values = [0.1 + 0.2, Number.MIN_VALUE, -Number.MAX_VALUE, 1e-310, 2 ** 53 + 2, -1 / 3];
    expect(decodeJson(encodeJson(values))).toStrictEqual(values);
  });
});

describe('encodeTrial / decodeTrial', () => {
  const market = syntheticMarket();
  const ctx = {
    market,
    spec: exactSpec(),
    strategy: 'ema-cross',
    objective: resolveObjective('sharpe'),
    constraints: [],
  };

  it('gives back a real trial (with its equity curve) exactly', async () => {
    const job: OptimizeJob = {
      id: 7,
      params: { fast: 5, slow: 24 },
      window: { from: T0, to: T0 + 400 * H },
      keepEquity: true,
    };
    const trial = await runJob(ctx, job);
    expect(trial.equity.time.length).toBe(400);
    expect(decodeTrial(encodeTrial(trial))).toStrictEqual(trial);
  });

  it('gives back a rejected trial: score -Infinity and metrics undefined', async () => {
    const trial = await runJob(
      { ...ctx, constraints: [parseConstraint('trades >= 1000000')] },
      { id: 1, params: { fast: 3, slow: 12 }, window: { from: T0, to: T0 + 400 * H } },
    );
    expect(trial.score).toBe(-Infinity);
    expect(decodeTrial(encodeTrial(trial))).toStrictEqual(trial);
    const rejected = await runJob(ctx, {
      id: 2,
      params: { 'no.such.path': 1 },
      window: { from: T0, to: T0 + 400 * H },
    });
    expect(rejected.metrics).toBeUndefined();
    expect(rejected.score).toBe(-Infinity);
    expect(decodeTrial(encodeTrial(rejected))).toStrictEqual(rejected);
  });
});
