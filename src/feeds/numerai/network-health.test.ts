import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../core/index.js';
import { type HealthInput, type HealthRound, computeNetworkHealth, minHistory } from './network-health.js';

const DAY = 86_400_000;
const at = (day: number): EpochMs => (day * DAY + 20 * 3_600_000) as EpochMs;

/** A SYNTHETIC round: values become public at its resolve time unless `late` says another day. */
function round(
  n: number,
  values: Partial<Record<HealthInput, number>>,
  late: Partial<Record<HealthInput, number>> = {},
): HealthRound {
  return {
    round: n,
    eventTime: at(n),
    inputs: Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, { value: v, availableAt: at(late[k as HealthInput] ?? n) }]),
    ),
  };
}

describe('computeNetworkHealth on a hand-worked sequence (window 4, so 2 earlier values suffice)', () => {
  // Round 1's CORR was revised and only public on day 10.
  const rounds = [
    round(1, { swmmCorr: 0.01, totalAtStake: 100, payoutFactor: 0.5 }, { swmmCorr: 10 }),
    round(2, { swmmCorr: 0.03, totalAtStake: 100, payoutFactor: 0.5 }),
    round(3, { swmmCorr: 0.02, totalAtStake: 110, payoutFactor: 0.5, burnRatio: 0.01 }),
    round(4, { swmmCorr: 0.05, totalAtStake: 99, payoutFactor: 0.55 }),
    round(5, { swmmCorr: 0.5, totalAtStake: 0, payoutFactor: 0.55, burnRatio: 0.1 }),
    round(6, { swmmCorr: 0.02, totalAtStake: 120, payoutFactor: 0.55 }),
  ];
  const points = computeNetworkHealth(rounds, 4);
  const point = (n: number) => points.find((p) => p.round === n);

  it('needs max(2, ceil(window / 2)) earlier values, so rounds 1 and 2 have no point', () => {
    expect(minHistory(4)).toBe(2);
    expect(minHistory(20)).toBe(10);
    expect(points.map((p) => p.round)).toEqual([3, 4, 5, 6]);
  });

  it('round 3: CORR at its trailing mean, stake +10%, payout factor flat, 1% burned', () => {
    // corr: history 0.01, 0.03: mean 0.02, so z = 0. stake: ln(110 / 100) / 0.1. payout: ln(1) = 0.
    // burn: -0.01 / 0.02 = -0.5. Weights 0.4 + 0.25 + 0.15 + 0.2 = 1.
    const stake = Math.log(1.1) / 0.1; // 0.9531017980432493
    const p = point(3);
    expect(p?.components.corr).toBeCloseTo(0, 12);
    expect(p?.components.stake).toBeCloseTo(stake, 12);
    expect(p?.components.payoutFactor).toBeCloseTo(0, 12);
    expect(p?.components.burn).toBeCloseTo(-0.5, 12);
    expect(p?.value).toBeCloseTo(Math.tanh(0.25 * stake - 0.2 * 0.5), 12);
    expect(p?.value).toBeCloseTo(0.13740085767777147, 12);
  });

  it('round 4: CORR three sds above its mean, no burn data so the weights renormalise', () => {
    // corr: history 0.01, 0.03, 0.02: mean 0.02, sample sd 0.01, z = 3, component 1.5.
    // stake: ln(99 / (310 / 3)) / 0.1. payout: ln(0.55 / 0.5) / 0.1. Weights 0.4 + 0.25 + 0.15 = 0.8.
    const stake = Math.log(297 / 310) / 0.1; // -0.42840158676492246
    const payout = Math.log(1.1) / 0.1;
    const p = point(4);
    expect(p?.components).toEqual({
      corr: expect.closeTo(1.5, 12) as number,
      stake: expect.closeTo(stake, 12) as number,
      payoutFactor: expect.closeTo(payout, 12) as number,
    });
    expect(p?.value).toBeCloseTo(Math.tanh((0.4 * 1.5 + 0.25 * stake + 0.15 * payout) / 0.8), 12);
    expect(p?.value).toBeCloseTo(0.6611371384157707, 12);
  });

  it('round 5: an outlier CORR and a 10% burn clamp at +3 and -3; an unpublished (0) stake is skipped', () => {
    const payout = Math.log(0.55 / ((0.5 + 0.5 + 0.5 + 0.55) / 4)) / 0.1; // 0.7061756721395362
    const p = point(5);
    expect(p?.components).toEqual({ corr: 3, payoutFactor: expect.closeTo(payout, 12) as number, burn: -3 });
    expect(p?.value).toBeCloseTo(Math.tanh((0.4 * 3 + 0.15 * payout - 0.2 * 3) / 0.75), 12);
    expect(p?.value).toBeCloseTo(0.7357892181050274, 12);
  });

  it('round 6: the window slides to the last 4 values of each series', () => {
    // corr: 0.03, 0.02, 0.05, 0.5; stake: 100, 100, 110, 99 (round 5 had none); payout: 0.5, 0.5, 0.55, 0.55.
    const corr = [0.03, 0.02, 0.05, 0.5];
    const m = corr.reduce((s, x) => s + x, 0) / 4;
    const sd = Math.sqrt(corr.reduce((s, x) => s + (x - m) ** 2, 0) / 3);
    const p = point(6);
    expect(p?.components.corr).toBeCloseTo((0.02 - m) / sd / 2, 12);
    expect(p?.components.corr).toBeCloseTo(-0.2781743201320934, 12);
    expect(p?.components.stake).toBeCloseTo(Math.log(120 / 102.25) / 0.1, 12);
    expect(p?.components.payoutFactor).toBeCloseTo(Math.log(0.55 / 0.525) / 0.1, 12);
    expect(p?.value).toBeCloseTo(0.4205496464006977, 12);
  });

  it('is available only once every value it used was public', () => {
    expect(point(3)?.availableAt, "round 1's revised CORR (day 10) is in round 3's window").toBe(at(10));
    expect(point(4)?.availableAt).toBe(at(10));
    expect(point(5)?.availableAt).toBe(at(10));
    expect(point(6)?.availableAt, "round 1's CORR has left round 6's window; its stake (day 1) has not").toBe(
      at(6),
    );
    expect(point(6)?.inputsFrom).toBe(1);
  });
});

describe('computeNetworkHealth properties (fast-check, synthetic rounds)', () => {
  const value = (min: number, max: number) =>
    fc.option(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), { nil: undefined });
  const roundsArb = fc
    .array(
      fc.record({
        swmmCorr: value(-0.2, 0.2),
        payoutFactor: value(0, 2),
        totalAtStake: value(0, 1e6),
        burnRatio: value(0, 0.5),
        lateDays: fc.array(fc.nat(30), { minLength: 4, maxLength: 4 }),
      }),
      { maxLength: 40 },
    )
    .map((rows) =>
      rows.map((r, i): HealthRound => {
        const inputs: Partial<Record<HealthInput, { value: number; availableAt: EpochMs }>> = {};
        (['swmmCorr', 'payoutFactor', 'totalAtStake', 'burnRatio'] as const).forEach((k, j) => {
          const v = r[k];
          if (v !== undefined) inputs[k] = { value: v, availableAt: at(i + (r.lateDays[j] ?? 0)) };
        });
        return { round: 100 + i, eventTime: at(i), inputs };
      }),
    );

  it('stays in [-1, 1] and never NaN', () => {
    fc.assert(
      fc.property(roundsArb, fc.integer({ min: 2, max: 30 }), (rounds, window) => {
        for (const p of computeNetworkHealth(rounds, window)) {
          expect(Number.isFinite(p.value)).toBe(true);
          expect(Math.abs(p.value)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('never looks ahead: later rounds do not change earlier points', () => {
    fc.assert(
      fc.property(roundsArb, fc.integer({ min: 2, max: 30 }), fc.nat(), (rounds, window, cut) => {
        const k = rounds.length === 0 ? 0 : cut % rounds.length;
        const early = computeNetworkHealth(rounds.slice(0, k), window);
        const full = computeNetworkHealth(rounds, window).filter((p) => p.round < 100 + k);
        expect(full).toEqual(early);
      }),
    );
  });

  it('is available no earlier than its round and than each input a component used', () => {
    const inputOf = {
      corr: 'swmmCorr',
      stake: 'totalAtStake',
      payoutFactor: 'payoutFactor',
      burn: 'burnRatio',
    } as const;
    fc.assert(
      fc.property(roundsArb, fc.integer({ min: 2, max: 30 }), (rounds, window) => {
        for (const p of computeNetworkHealth(rounds, window)) {
          const own = rounds.find((r) => r.round === p.round);
          expect(p.availableAt).toBeGreaterThanOrEqual(p.eventTime);
          for (const component of Object.keys(p.components) as (keyof typeof inputOf)[]) {
            const input = own?.inputs[inputOf[component]];
            expect(input, `${component} came from the round's own ${inputOf[component]}`).toBeDefined();
            expect(p.availableAt).toBeGreaterThanOrEqual(input?.availableAt ?? Infinity);
          }
        }
      }),
    );
  });
});
