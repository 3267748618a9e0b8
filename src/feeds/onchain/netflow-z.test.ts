import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../core/index.js';
import { NetflowWindow, Z_CAP, zScore } from './netflow-z.js';

describe('zScore', () => {
  it('measures against the window mean in population standard deviations', () => {
    // window [1, 2, 3]: mean 2, population std sqrt(2/3)
    expect(zScore(4, [1, 2, 3]).z).toBeCloseTo(2 / Math.sqrt(2 / 3), 12);
    expect(zScore(2, [1, 2, 3])).toEqual({ z: 0, mean: 2, std: Math.sqrt(2 / 3) });
  });

  it('is 0 for a flat window and an equal value, the capped sign otherwise', () => {
    expect(zScore(0, [0, 0, 0]).z).toBe(0);
    expect(zScore(5, [0, 0, 0]).z).toBe(Z_CAP);
    expect(zScore(-5, [0, 0, 0]).z).toBe(-Z_CAP);
  });

  it('caps extreme scores', () => {
    expect(zScore(1e9, [1, 2, 1, 2]).z).toBe(Z_CAP);
  });
});

describe('NetflowWindow', () => {
  it('scores an hour only when every one of the preceding window hours is known', () => {
    const w = new NetflowWindow(3);
    const h = (i: number): number => i * HOUR_MS;
    w.set(h(0), 1);
    w.set(h(1), 2);
    w.set(h(3), 9);
    expect(w.zAt(h(3)), 'hour 2 missing').toBeUndefined();
    w.set(h(2), 3);
    expect(w.zAt(h(3))?.mean).toBe(2);
    expect(w.zAt(h(2)), 'hour -1 missing').toBeUndefined();
    expect(w.zAt(h(4)), 'hour 4 itself unknown').toBeUndefined();
  });
});
