import { InputError, InvariantError, type MarginTier } from '../core/index.js';

/**
 * Binance USDⓈ-M liquidation maths for one isolated position in one-way mode
 * (NOTES-perps §2). Maintenance margin = notional · mmr − cum, with the tier chosen by notional.
 */

/** Tolerance for `cum` continuity when validating a tier table, in USDT. */
const CUM_TOLERANCE = 1e-6;

export type PositionSide = 'long' | 'short';

export interface IsolatedLiquidationInput {
  readonly side: PositionSide;
  /** Absolute position size in base units (NMR); 0 means no position. */
  readonly quantity: number;
  readonly entryPrice: number;
  /** Isolated margin of the position, USDT (the formula's WB). */
  readonly isolatedMargin: number;
  /** A tier table that passed {@link validateTiers}. */
  readonly tiers: readonly MarginTier[];
}

function tierIndexForNotional(tiers: readonly MarginTier[], notional: number): number {
  if (!Number.isFinite(notional) || notional < 0) {
    throw new InvariantError(`notional must be a finite number >= 0, got ${notional}`);
  }
  if (tiers.length === 0) throw new InvariantError('the margin tier table is empty');
  // Floors are inclusive, caps exclusive; a notional above the last cap uses the last tier
  // (the venue would refuse such a position, but the accounting must still answer).
  for (let i = tiers.length - 1; i > 0; i--) {
    const tier = tiers[i];
    if (tier !== undefined && notional >= tier.notionalFloor) return i;
  }
  return 0;
}

/** The maintenance-margin tier whose [floor, cap) range contains `notional` (USDT). */
export function tierForNotional(tiers: readonly MarginTier[], notional: number): MarginTier {
  const tier = tiers[tierIndexForNotional(tiers, notional)];
  if (tier === undefined) throw new InvariantError('the margin tier table is empty');
  return tier;
}

/**
 * Checks a tier table: not empty, first floor 0, each tier contiguous with the previous one,
 * 0 <= mmr < 1, and cum(n) = cum(n−1) + floor(n)·(mmr(n) − mmr(n−1)) within 1e-6 USDT.
 * Throws an InputError naming the tier (1-based, as on Binance) and the numbers.
 */
export function validateTiers(tiers: readonly MarginTier[]): void {
  if (tiers.length === 0) throw new InputError('margin tiers: the table is empty');
  let previous: MarginTier | undefined;
  tiers.forEach((tier, i) => {
    const name = `margin tier ${i + 1}`;
    const { notionalFloor: floor, notionalCap: cap, mmr, cum, maxLeverage } = tier;
    if (![floor, cap, mmr, cum, maxLeverage].every(Number.isFinite)) {
      throw new InputError(`${name}: every field must be a finite number`);
    }
    if (!(cap > floor))
      throw new InputError(`${name}: notionalCap ${cap} must exceed notionalFloor ${floor}`);
    if (!(mmr >= 0 && mmr < 1)) throw new InputError(`${name}: mmr ${mmr} must be in [0, 1)`);
    if (!(maxLeverage > 0)) throw new InputError(`${name}: maxLeverage ${maxLeverage} must be > 0`);
    if (previous === undefined) {
      if (floor !== 0) throw new InputError(`${name}: the first notionalFloor must be 0, got ${floor}`);
    } else if (floor !== previous.notionalCap) {
      throw new InputError(
        `${name}: notionalFloor ${floor} must equal the previous tier's notionalCap ${previous.notionalCap}`,
      );
    }
    const expectedCum = (previous?.cum ?? 0) + floor * (mmr - (previous?.mmr ?? 0));
    if (Math.abs(cum - expectedCum) > CUM_TOLERANCE) {
      throw new InputError(`${name}: cum ${cum} breaks continuity, expected ${expectedCum}`);
    }
    previous = tier;
  });
}

/** LP = (WB + cum − side·Q·EP) / (Q·MMR − side·Q), isolated: TMM₁ = UPNL₁ = 0. */
function formula(input: IsolatedLiquidationInput, tier: MarginTier): number {
  const { quantity: q, entryPrice: ep, isolatedMargin: wb } = input;
  const s = input.side === 'long' ? 1 : -1;
  return (wb + tier.cum - s * q * ep) / (q * tier.mmr - s * q);
}

/**
 * Liquidation price of an isolated USDⓈ-M position (Binance formula, one-way mode).
 *
 * The tier is first chosen by the position notional (Q·EP), then re-checked at the notional at
 * the computed price (Q·LP) and recomputed until the tier is stable. With a continuous tier table
 * the solution is unique and this settles within a few steps; the loop is bounded by the number
 * of tiers, and if the tiers ever cycle (only possible with a broken table) the most conservative
 * price of the cycle is returned: the highest for a long, the lowest for a short (closest to entry).
 *
 * @returns the price, or undefined when there is no position (quantity 0) or when a long's price
 *   is <= 0 (the margin covers the whole notional: it cannot be liquidated).
 */
export function isolatedLiquidationPrice(input: IsolatedLiquidationInput): number | undefined {
  const { quantity: q, entryPrice: ep, isolatedMargin: wb, tiers } = input;
  if (!Number.isFinite(q) || q < 0) throw new InvariantError(`quantity must be finite and >= 0, got ${q}`);
  if (!Number.isFinite(ep) || ep <= 0)
    throw new InvariantError(`entry price must be finite and > 0, got ${ep}`);
  if (!Number.isFinite(wb)) throw new InvariantError(`isolated margin must be finite, got ${wb}`);
  if (q === 0) return undefined;

  const visited: { index: number; price: number }[] = [];
  let index = tierIndexForNotional(tiers, q * ep);
  let price = Number.NaN;
  for (let step = 0; step <= tiers.length; step++) {
    const tier = tiers[index];
    if (tier === undefined) throw new InvariantError(`no margin tier at index ${index}`);
    price = formula(input, tier);
    visited.push({ index, price });
    const next = tierIndexForNotional(tiers, Math.max(0, q * price));
    if (next === index) break;
    const seenAt = visited.findIndex((v) => v.index === next);
    if (seenAt >= 0) {
      const cycle = visited.slice(seenAt).map((v) => v.price);
      price = input.side === 'long' ? Math.max(...cycle) : Math.min(...cycle);
      break;
    }
    index = next;
  }
  if (!Number.isFinite(price)) throw new InvariantError(`liquidation price is not finite: ${price}`);
  return price > 0 ? price : undefined;
}
