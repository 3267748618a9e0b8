import type { ClientOrderId, EpochMs, Fill, InstrumentSpec, MarginTier, Side } from '../core/index.js';

/**
 * Test data for the portfolio tests (not exported from the layer). The NMRUSDT tier table is the
 * snapshot in NOTES-perps §2 (freqtrade's bundled binance_leverage_tiers.json); real runs fetch
 * the venue's current tiers.
 */
export const NMR_TIERS: readonly MarginTier[] = [
  { notionalFloor: 0, notionalCap: 5_000, maxLeverage: 20, mmr: 0.02, cum: 0 },
  { notionalFloor: 5_000, notionalCap: 25_000, maxLeverage: 15, mmr: 0.025, cum: 25 },
  { notionalFloor: 25_000, notionalCap: 200_000, maxLeverage: 10, mmr: 0.05, cum: 650 },
  { notionalFloor: 200_000, notionalCap: 500_000, maxLeverage: 5, mmr: 0.1, cum: 10_650 },
  { notionalFloor: 500_000, notionalCap: 1_000_000, maxLeverage: 4, mmr: 0.125, cum: 23_150 },
  { notionalFloor: 1_000_000, notionalCap: 3_000_000, maxLeverage: 2, mmr: 0.25, cum: 148_150 },
  { notionalFloor: 3_000_000, notionalCap: 5_000_000, maxLeverage: 1, mmr: 0.5, cum: 898_150 },
];

/** Only tier 1 of the table (MMR 2 %, cum 0), as in the NOTES worked example. */
export const TIER_1_ONLY: readonly MarginTier[] = [
  { notionalFloor: 0, notionalCap: 5_000, maxLeverage: 20, mmr: 0.02, cum: 0 },
];

export function instrument(symbol: string, overrides: Partial<InstrumentSpec> = {}): InstrumentSpec {
  return {
    symbol,
    tickSize: 0.01,
    stepSize: 0.1,
    minQuantity: 0.1,
    minNotional: 5,
    makerFee: 0.0002,
    takerFee: 0.0005,
    marginTiers: NMR_TIERS,
    liquidationFeeRate: 0.015,
    ...overrides,
  };
}

export const T0 = Date.UTC(2025, 0, 1) as EpochMs;
export const HOUR = 3_600_000;

export function at(hours: number): EpochMs {
  return (T0 + hours * HOUR) as EpochMs;
}

export interface FillInput {
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly fee?: number;
  readonly symbol?: string;
  readonly time?: EpochMs;
  readonly tradeId?: string;
}

/**
 * Returns a maker of taker fills with trade ids t1, t2, ... (one counter per test). The fee
 * defaults to 0 so that PnL arithmetic in tests stays readable.
 */
export function fillMaker(): (input: FillInput) => Fill {
  let next = 1;
  return (input) => ({
    tradeId: input.tradeId ?? `t${next++}`,
    clientOrderId: 'c1' as ClientOrderId,
    symbol: input.symbol ?? 'NMRUSDT',
    time: input.time ?? T0,
    side: input.side,
    quantity: input.quantity,
    price: input.price,
    fee: input.fee ?? 0,
    liquidity: 'taker',
    slippageCost: 0,
    reduceOnly: false,
  });
}
