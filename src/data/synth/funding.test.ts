import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../core/index.js';
import { FundingSeries } from '../series/index.js';
import { fundingRate, fundingSchedule, generateFunding } from './funding.js';
import { NMR_SYNTH_PARAMS } from './params.js';
import { SynthRandom } from './prng.js';

const p = NMR_SYNTH_PARAMS.funding;
const start = Date.UTC(2025, 0, 1);

describe('fundingSchedule', () => {
  it('settles on the 00/08/16 UTC grid, then every 4 h from the switch day', () => {
    const slots = fundingSchedule(start, start + 4 * DAY_MS, p);
    const switchAt = start + 2 * DAY_MS;
    for (const s of slots) {
      expect(s.time % (s.intervalHours * HOUR_MS), `slot ${new Date(s.time).toISOString()}`).toBe(0);
      expect(s.intervalHours).toBe(s.time <= switchAt ? 8 : 4);
    }
    expect(slots.length, '2 days x 3 + 2 days x 6').toBe(18);
    expect(slots[0]?.time).toBe(start + 8 * HOUR_MS);
    expect(slots[slots.length - 1]?.time).toBe(start + 4 * DAY_MS);
  });

  it('keeps one interval when the later interval equals the first', () => {
    const slots = fundingSchedule(start, start + 3 * DAY_MS, { ...p, laterIntervalHours: 8 });
    expect(new Set(slots.map((s) => s.intervalHours))).toEqual(new Set([8]));
  });
});

describe('fundingRate', () => {
  it('holds the rate at the interest baseline while the premium is inside the clamp', () => {
    expect(fundingRate(0.0003, 8, p)).toBe(0.0001);
    expect(fundingRate(-0.0004, 8, p)).toBe(0.0001);
  });

  it('passes a premium beyond the clamp through, less the clamp (a negative squeeze)', () => {
    expect(fundingRate(-0.004, 8, p)).toBe(-0.0035);
    expect(fundingRate(0.002, 8, p)).toBe(0.0015);
  });

  it('scales to the interval: +0.01% per 8 h is +0.005% per 4 h', () => {
    expect(fundingRate(0, 4, p)).toBe(0.00005);
  });

  it('caps the rate', () => {
    expect(fundingRate(-1, 8, p)).toBe(-p.rateCap);
  });
});

describe('generateFunding', () => {
  const end = start + 10 * DAY_MS;
  const events = generateFunding(new SynthRandom(3), start, end, p, () => 15);

  it('states each interval and a mark price, within 1 ms of the grid', () => {
    for (const e of events) {
      expect(e.time % ((e.intervalHours ?? 0) * HOUR_MS)).toBeLessThanOrEqual(1);
      expect(e.markPrice).toBe(15);
    }
  });

  it('shows the 8h → 4h switch to FundingSeries as two segments, stated or inferred from spacing', () => {
    const stated = new FundingSeries(events).segments();
    const inferred = new FundingSeries(events.map((e) => ({ time: e.time, rate: e.rate }))).segments();
    for (const segments of [stated, inferred]) {
      expect(segments.map((s) => [s.intervalHours, s.events])).toEqual([
        [8, 15],
        [4, 30],
      ]);
    }
  });
});
