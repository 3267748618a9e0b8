import { describe, expect, it } from 'vitest';
import { overlapsTraining } from './training-overlap.js';

const H = 3_600_000;

describe('overlapsTraining', () => {
  it('flags the samples whose label window meets the training labels, not a shared end point', () => {
    // Training closes 10h..20h, horizon 2h: training labels use closes 10h..22h.
    // t = 8h: (8, 10] ends at 10h (end point only); t = 9h: (9, 11] overlaps; t = 21h: (21, 23]
    // overlaps; t = 22h: (22, 24] starts at the last training label's end (end point only).
    const times = [7, 8, 9, 15, 21, 22, 23].map((h) => h * H);
    expect(overlapsTraining(times, { from: 10 * H, to: 20 * H }, 2 * H)).toEqual([9 * H, 15 * H, 21 * H]);
  });
});
