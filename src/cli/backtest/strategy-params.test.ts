import { describe, expect, it } from 'vitest';
import { parseStrategyParams } from './strategy-params.js';

describe('parseStrategyParams', () => {
  it('reads numbers, booleans and text', () => {
    expect(parseStrategyParams(['fast=8', 'slow = 21.5', 'verbose=true', 'mode=aggressive', 'x='])).toEqual({
      fast: 8,
      slow: 21.5,
      verbose: true,
      mode: 'aggressive',
      x: '',
    });
  });

  it('refuses a flag without a name or with a reserved name (config, combinerModel)', () => {
    expect(() => parseStrategyParams(['8'])).toThrow('--param "8": write name=value, e.g. --param fast=8');
    expect(() => parseStrategyParams(['=8'])).toThrow('write name=value');
    expect(() => parseStrategyParams(['config=x'])).toThrow('the name config is reserved');
    expect(() => parseStrategyParams(['combinerModel=m.json'])).toThrow(
      '--param combinerModel=...: the name combinerModel is reserved',
    );
  });
});
