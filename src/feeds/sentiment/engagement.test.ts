import { describe, expect, it } from 'vitest';
import { engagementWeight } from './engagement.js';

describe('engagementWeight', () => {
  it('weighs a post nobody reacted to 1', () => {
    expect(engagementWeight(0)).toBe(1);
  });

  it('grows with the log of engagement: 3 -> 1 + ln 4, 10 -> 1 + ln 11, 1000 -> 1 + ln 1001', () => {
    expect(engagementWeight(3)).toBeCloseTo(2.386294361119891, 14);
    expect(engagementWeight(10)).toBeCloseTo(3.3978952727983707, 14);
    expect(engagementWeight(1000)).toBeCloseTo(7.90875477931522, 13);
  });

  it('treats a downvoted post (negative score) and junk as no engagement', () => {
    expect(engagementWeight(-12)).toBe(1);
    expect(engagementWeight(Number.NaN)).toBe(1);
  });
});
