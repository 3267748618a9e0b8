import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, InvariantError, type MarginTier } from '../core/index.js';
import { isolatedLiquidationPrice, tierForNotional, validateTiers } from './liquidation.js';
import { NMR_TIERS, TIER_1_ONLY } from './test-fixtures.js';

describe('tierForNotional', () => {
  it('picks the tier whose [floor, cap) range holds the notional', () => {
    expect(tierForNotional(NMR_TIERS, 0).mmr, 'notional 0 is tier 1').toBe(0.02);
    expect(tierForNotional(NMR_TIERS, 4_999.99).mmr, 'just under the cap stays in tier 1').toBe(0.02);
    expect(tierForNotional(NMR_TIERS, 5_000).mmr, 'the floor belongs to tier 2').toBe(0.025);
    expect(tierForNotional(NMR_TIERS, 250_000).cum, '250k is tier 4').toBe(10_650);
  });

  it('uses the last tier above the last cap', () => {
    expect(
      tierForNotional(NMR_TIERS, 9_000_000).mmr,
      'beyond 5M the venue refuses, the maths uses tier 7',
    ).toBe(0.5);
  });

  it('crashes on a negative or NaN notional', () => {
    expect(() => tierForNotional(NMR_TIERS, -1)).toThrow(InvariantError);
    expect(() => tierForNotional(NMR_TIERS, Number.NaN)).toThrow(InvariantError);
  });
});

describe('validateTiers', () => {
  const withTier = (i: number, change: Partial<MarginTier>): MarginTier[] =>
    NMR_TIERS.map((t, j) => (j === i ? { ...t, ...change } : t));

  it('accepts the NMRUSDT snapshot, whose cum is continuous', () => {
    expect(() => validateTiers(NMR_TIERS), 'cum(n) = cum(n-1) + floor(n)·Δmmr holds for all 7').not.toThrow();
  });

  it('rejects a broken cum and names the tier', () => {
    // tier 3: 25 + 25,000 × (0.05 − 0.025) = 650, so 600 is wrong.
    expect(() => validateTiers(withTier(2, { cum: 600 }))).toThrow(/margin tier 3: cum 600 .*expected 650/);
    expect(() => validateTiers(withTier(2, { cum: 600 }))).toThrow(InputError);
  });

  it('tolerates a cum off by less than 1e-6', () => {
    expect(() => validateTiers(withTier(1, { cum: 25 + 5e-7 }))).not.toThrow();
  });

  it('rejects gaps, a first floor above 0, an mmr of 1 and an empty table', () => {
    expect(() => validateTiers(withTier(1, { notionalFloor: 6_000 }))).toThrow(
      /margin tier 2: notionalFloor/,
    );
    expect(() => validateTiers(withTier(0, { notionalFloor: 1 }))).toThrow(/margin tier 1: the first/);
    expect(() => validateTiers(withTier(6, { mmr: 1 }))).toThrow(/margin tier 7: mmr 1/);
    expect(() => validateTiers([])).toThrow(/empty/);
  });
});

describe('isolatedLiquidationPrice', () => {
  it('gives 9.1837 (9.18 at the tick) for long 400 @ 10, 10x, MMR 2 %', () => {
    // LP = (400 + 0 − 400·10) / (400·0.02 − 400) = −3600 / −392
    const lp = isolatedLiquidationPrice({
      side: 'long',
      quantity: 400,
      entryPrice: 10,
      isolatedMargin: 400,
      tiers: TIER_1_ONLY,
    });
    expect(lp, 'NOTES-perps §2 worked example').toBeCloseTo(9.1837, 4);
    expect(Math.round((lp ?? 0) * 100) / 100, 'rounded to the 0.01 tick').toBe(9.18);
  });

  it('gives 10.7843 for short 400 @ 10, 10x, MMR 2 %', () => {
    // LP = (400 + 0 + 4000) / (8 + 400) = 4400 / 408
    const lp = isolatedLiquidationPrice({
      side: 'short',
      quantity: 400,
      entryPrice: 10,
      isolatedMargin: 400,
      tiers: TIER_1_ONLY,
    });
    expect(lp, 'short side of the worked example').toBeCloseTo(10.7843, 4);
  });

  it('re-checks the tier at the liquidation notional: long 3000 @ 10, 5x, WB 6000 ends in tier 2', () => {
    // Notional 30,000 → tier 3: (6000 + 650 − 30000) / (150 − 3000) = 8.1930, notional 24,579 → tier 2.
    // Tier 2: (6000 + 25 − 30000) / (75 − 3000) = 8.1966, notional 24,590 → still tier 2: stop.
    const lp = isolatedLiquidationPrice({
      side: 'long',
      quantity: 3000,
      entryPrice: 10,
      isolatedMargin: 6000,
      tiers: NMR_TIERS,
    });
    expect((6000 + 650 - 30000) / (150 - 3000), 'the first guess in tier 3').toBeCloseTo(8.193, 4);
    expect(lp, 'the tier-2 answer, not the tier-3 first guess').toBeCloseTo(8.1966, 4);
  });

  // One position per tier, sized so that both the entry notional and the notional at LP fall in
  // that tier. Long: LP = (WB + cum − Q·EP) / (Q·mmr − Q); short: LP = (WB + cum + Q·EP) / (Q·mmr + Q).
  const perTier = [
    // tier 1: long 100 @ 20, 10x: (200 + 0 − 2000) / (2 − 100) = 18.367347, notional 1,836.73
    { tier: 1, side: 'long', q: 100, ep: 20, wb: 200, lp: -1800 / -98 },
    // tier 2: long 1000 @ 10, 10x: (1000 + 25 − 10000) / (25 − 1000) = 9.205128, notional 9,205.13
    { tier: 2, side: 'long', q: 1000, ep: 10, wb: 1000, lp: -8975 / -975 },
    // tier 3: long 10000 @ 10, 5x: (20000 + 650 − 100000) / (500 − 10000) = 8.352632, notional 83,526
    { tier: 3, side: 'long', q: 10_000, ep: 10, wb: 20_000, lp: -79_350 / -9_500 },
    // tier 4: short 30000 @ 10, 4x: (75000 + 10650 + 300000) / (3000 + 30000) = 11.686364, notional 350,591
    { tier: 4, side: 'short', q: 30_000, ep: 10, wb: 75_000, lp: 385_650 / 33_000 },
    // tier 5: long 70000 @ 10, 4x: (175000 + 23150 − 700000) / (8750 − 70000) = 8.193469, notional 573,543
    { tier: 5, side: 'long', q: 70_000, ep: 10, wb: 175_000, lp: -501_850 / -61_250 },
    // tier 6: short 200000 @ 10, 2x: (1e6 + 148150 + 2e6) / (50000 + 200000) = 12.5926, notional 2,518,520
    { tier: 6, side: 'short', q: 200_000, ep: 10, wb: 1_000_000, lp: 3_148_150 / 250_000 },
    // tier 7: short 320000 @ 10, 1x: (3.2e6 + 898150 + 3.2e6) / (160000 + 320000) = 15.204479, notional 4,865,433
    { tier: 7, side: 'short', q: 320_000, ep: 10, wb: 3_200_000, lp: 7_298_150 / 480_000 },
  ] as const;

  it.each(perTier)(
    'computes tier $tier by hand: $side $q @ $ep with WB $wb',
    ({ tier, side, q, ep, wb, lp }) => {
      const got = isolatedLiquidationPrice({
        side,
        quantity: q,
        entryPrice: ep,
        isolatedMargin: wb,
        tiers: NMR_TIERS,
      });
      expect(got, `tier ${tier} hand-worked LP`).toBeCloseTo(lp, 9);
      const tierAtLp = NMR_TIERS.indexOf(tierForNotional(NMR_TIERS, q * lp)) + 1;
      expect(tierAtLp, 'the notional at LP stays in the same tier').toBe(tier);
    },
  );

  it('returns undefined for a 1x long in tier 7: the margin covers the notional', () => {
    // (3.2e6 + 898150 − 3.2e6) / (160000 − 320000) < 0: the price would have to go below zero.
    const lp = isolatedLiquidationPrice({
      side: 'long',
      quantity: 320_000,
      entryPrice: 10,
      isolatedMargin: 3_200_000,
      tiers: NMR_TIERS,
    });
    expect(lp, 'a long with LP <= 0 cannot be liquidated').toBeUndefined();
  });

  it('returns undefined with no position', () => {
    const lp = isolatedLiquidationPrice({
      side: 'long',
      quantity: 0,
      entryPrice: 10,
      isolatedMargin: 0,
      tiers: NMR_TIERS,
    });
    expect(lp).toBeUndefined();
  });

  it('picks the more conservative price when a broken table makes the tiers cycle', () => {
    // cum 3000 in tier 2 breaks continuity (should be 0). Long 1000 @ 10, WB 5000:
    // tier 2: (5000 + 3000 − 10000) / (20 − 1000) = 2.0408 → notional 2,041 → tier 1:
    // (5000 − 10000) / (20 − 1000) = 5.1020 → notional 5,102 → tier 2 again: a cycle.
    const broken: MarginTier[] = [
      { notionalFloor: 0, notionalCap: 5_000, maxLeverage: 20, mmr: 0.02, cum: 0 },
      { notionalFloor: 5_000, notionalCap: 1e9, maxLeverage: 20, mmr: 0.02, cum: 3_000 },
    ];
    const lp = isolatedLiquidationPrice({
      side: 'long',
      quantity: 1000,
      entryPrice: 10,
      isolatedMargin: 5000,
      tiers: broken,
    });
    expect(lp, 'the higher (closer to entry) of the two long prices').toBeCloseTo(5000 / 980, 9);
  });

  it('crashes on a NaN entry price or a negative quantity', () => {
    const base = { side: 'long', quantity: 1, entryPrice: 10, isolatedMargin: 1, tiers: NMR_TIERS } as const;
    expect(() => isolatedLiquidationPrice({ ...base, entryPrice: Number.NaN })).toThrow(InvariantError);
    expect(() => isolatedLiquidationPrice({ ...base, quantity: -1 })).toThrow(InvariantError);
  });

  it('leaves exactly the maintenance margin of the tier at Q·LP (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('long', 'short'),
        fc.double({ min: 1, max: 400_000, noNaN: true }),
        fc.double({ min: 1, max: 50, noNaN: true }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        (side, q, ep, leverage) => {
          const wb = (q * ep) / leverage;
          const lp = isolatedLiquidationPrice({
            side,
            quantity: q,
            entryPrice: ep,
            isolatedMargin: wb,
            tiers: NMR_TIERS,
          });
          if (lp === undefined) return;
          const s = side === 'long' ? 1 : -1;
          const tier = tierForNotional(NMR_TIERS, q * lp);
          const marginLeft = wb + s * q * (lp - ep);
          const maintenance = q * lp * tier.mmr - tier.cum;
          expect(Math.abs(marginLeft - maintenance), 'margin left at LP = maintenance margin').toBeLessThan(
            1e-9 * q * ep,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
