import { describe, expect, it } from 'vitest';
import { firstReach, intrabarPath } from './intrabar-path.js';

const BAR = { open: 10, high: 10.8, low: 9.7, close: 10.5 };

describe('intrabarPath', () => {
  it('puts the adverse extreme first for the position held', () => {
    expect(intrabarPath(BAR, 'long'), 'long: low before high').toEqual([10, 9.7, 10.8, 10.5]);
    expect(intrabarPath(BAR, 'short'), 'short: high before low').toEqual([10, 10.8, 9.7, 10.5]);
  });

  it('visits the extreme nearer the open first when flat', () => {
    expect(intrabarPath(BAR, 'flat'), 'low is 0.3 away, high 0.8').toEqual([10, 9.7, 10.8, 10.5]);
    expect(intrabarPath({ ...BAR, low: 9 }, 'flat'), 'high is nearer now').toEqual([10, 10.8, 9, 10.5]);
    expect(
      intrabarPath({ open: 10, high: 11, low: 9, close: 10.5 }, 'flat'),
      'equal distances: low first',
    ).toEqual([10, 9, 11, 10.5]);
  });
});

describe('firstReach', () => {
  const path = intrabarPath(BAR, 'long'); // 10 → 9.7 → 10.8 → 10.5

  it('measures how far along the path a level is first reached', () => {
    expect(firstReach(path, 9.85, 'down', false), 'halfway down the first leg').toBeCloseTo(0.5, 12);
    expect(firstReach(path, 10.25, 'up', false), 'on the second leg: (10.25 - 9.7) / 1.1').toBeCloseTo(
      1.5,
      12,
    );
    expect(firstReach(path, 9.5, 'down', false), 'never that low').toBeUndefined();
  });

  it('returns 0 when the open is already beyond the level (a gap)', () => {
    expect(firstReach(path, 10.2, 'down', false)).toBe(0);
  });

  it('tells a touch from trading through when strict', () => {
    expect(firstReach(path, 9.7, 'down', false), 'the low touches 9.7').toBe(1);
    expect(firstReach(path, 9.7, 'down', true), 'but never trades below it').toBeUndefined();
  });
});
