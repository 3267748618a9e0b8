import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../core/index.js';
import { defaultConfig } from '../config/index.js';
import { resolveParams } from './apply-params.js';
import { fromUnit, gridValues, parseSpace, toUnit } from './space.js';

describe('parseSpace', () => {
  it('accepts ranges, ints and choices and sorts the names', () => {
    const s = parseSpace({
      slow: { type: 'int', min: 20, max: 30 },
      'risk.stopLossPct': { type: 'range', min: 0.01, max: 0.1, step: 0.01 },
      mode: { type: 'choice', values: ['a', 'b'] },
    });
    expect(s.names).toEqual(['mode', 'risk.stopLossPct', 'slow']);
  });

  it('names the dimension and field of every problem', () => {
    expect(() =>
      parseSpace({
        fast: { type: 'range', min: 5, max: 1 },
        lr: { type: 'range', min: 0, max: 1, log: true },
      }),
    ).toThrow(/fast: max must be greater than min[\s\S]*lr: log scale needs min > 0/);
    expect(() => parseSpace({ fast: { type: 'int', min: 1.5, max: 3 } })).toThrow(InputError);
    expect(() => parseSpace({})).toThrow(/at least one parameter/);
  });
});

describe('grid values', () => {
  it('enumerates steps, integers and log points exactly', () => {
    expect(gridValues({ type: 'range', min: 0.1, max: 0.5, step: 0.1 })).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(gridValues({ type: 'int', min: 3, max: 6 })).toEqual([3, 4, 5, 6]);
    expect(gridValues({ type: 'range', min: 1, max: 100, log: true }, 3)).toEqual([1, 10, 100]);
  });

  it('maps log ranges through the unit interval and back', () => {
    const d = { type: 'range' as const, min: 1, max: 100, log: true };
    expect(toUnit(d, 10)).toBeCloseTo(0.5, 12);
    expect(fromUnit(d, 0.5)).toBeCloseTo(10, 9);
  });
});

describe('resolveParams', () => {
  it('writes config paths into a validated copy and keeps strategy parameters apart', () => {
    const base = defaultConfig();
    const r = resolveParams({ 'risk.stopLossPct': 0.05, fast: 8 }, { config: base });
    expect(r.config?.risk.stopLossPct).toBe(0.05);
    expect(r.strategyParams.fast).toBe(8);
    expect(r.strategyParams.config).toBe(r.config);
    expect(base.risk.stopLossPct).not.toBe(0.05);
  });

  it('rejects weights that do not sum to 1, naming the path', () => {
    const err = (() => {
      try {
        resolveParams({ 'signals.weights.price': 0.9 }, { config: defaultConfig() });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/signals\.weights.*must sum to 1/);
  });

  it('rejects a config path that does not exist', () => {
    expect(() => resolveParams({ 'risk.nope': 1 }, { config: defaultConfig() })).toThrow(
      /risk\.nope does not exist/,
    );
  });
});
