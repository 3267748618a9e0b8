import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROPERTY_SEED, propertySeed } from './property-seed.js';

describe('propertySeed', () => {
  it('is the fixed default when FC_SEED is unset or empty', () => {
    expect(propertySeed(undefined)).toBe(DEFAULT_PROPERTY_SEED);
    expect(propertySeed(' ')).toBe(DEFAULT_PROPERTY_SEED);
  });

  it('replays a given integer seed, negative ones included (fast-check prints those too)', () => {
    expect(propertySeed('1078819983')).toBe(1078819983);
    expect(propertySeed('-1234')).toBe(-1234);
  });

  it('leaves the seed to fast-check for "random"', () => {
    expect(propertySeed('random')).toBeUndefined();
    expect(propertySeed('RANDOM')).toBeUndefined();
  });

  it('refuses anything else, naming FC_SEED and the value', () => {
    expect(() => propertySeed('12ab')).toThrow(
      'environment variable FC_SEED must be a 32-bit integer seed or "random", got "12ab"',
    );
    expect(() => propertySeed('1.5')).toThrow(/FC_SEED .* got "1\.5"/);
    expect(() => propertySeed(String(2 ** 32))).toThrow(/FC_SEED/);
  });
});

describe('the fast-check setup file', () => {
  it('configured every property of this run with the seed FC_SEED asks for', () => {
    expect(fc.readConfigureGlobal().seed).toBe(propertySeed(process.env['FC_SEED']));
  });

  it('makes two runs of one property draw the same values under a fixed seed', () => {
    const seen: number[][] = [[], []];
    for (const run of seen) {
      fc.assert(
        fc.property(fc.integer(), (x) => {
          run.push(x);
        }),
        { numRuns: 5 },
      );
    }
    if (propertySeed(process.env['FC_SEED']) !== undefined) expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]).toHaveLength(5);
  });
});
