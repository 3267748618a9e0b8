import type { InstrumentSpec, MarginTier } from '../core/index.js';

/** The Binance exchange id of the one symbol the double trades. */
export const NMR_EXCHANGE_SYMBOL = 'NMRUSDT';

/**
 * NMRUSDT maintenance-margin tiers: the snapshot in NOTES-perps §2 (freqtrade's bundled
 * binance_leverage_tiers.json). Served by `/fapi/v1/leverageBracket`; real venues change them.
 */
export const NMR_MARGIN_TIERS: readonly MarginTier[] = [
  { notionalFloor: 0, notionalCap: 5_000, maxLeverage: 20, mmr: 0.02, cum: 0 },
  { notionalFloor: 5_000, notionalCap: 25_000, maxLeverage: 15, mmr: 0.025, cum: 25 },
  { notionalFloor: 25_000, notionalCap: 200_000, maxLeverage: 10, mmr: 0.05, cum: 650 },
  { notionalFloor: 200_000, notionalCap: 500_000, maxLeverage: 5, mmr: 0.1, cum: 10_650 },
  { notionalFloor: 500_000, notionalCap: 1_000_000, maxLeverage: 4, mmr: 0.125, cum: 23_150 },
  { notionalFloor: 1_000_000, notionalCap: 3_000_000, maxLeverage: 2, mmr: 0.25, cum: 148_150 },
  { notionalFloor: 3_000_000, notionalCap: 5_000_000, maxLeverage: 1, mmr: 0.5, cum: 898_150 },
];

/**
 * NMRUSDT as the double trades it: the real filters (tick 0.001, step 0.1, min notional 5), Binance's
 * default USD-M fees (maker 0.02 %, taker 0.05 %) and a 1.5 % liquidation fee (illustrative, NOTES-perps §2).
 * The `symbol` is the exchange id, as on the wire.
 */
export const NMR_INSTRUMENT: InstrumentSpec = {
  symbol: NMR_EXCHANGE_SYMBOL,
  tickSize: 0.001,
  stepSize: 0.1,
  minQuantity: 0.1,
  minNotional: 5,
  makerFee: 0.0002,
  takerFee: 0.0005,
  marginTiers: NMR_MARGIN_TIERS,
  liquidationFeeRate: 0.015,
};

/** The largest position notional allowed at `leverage`: the cap of the last tier that still allows it. */
export function maxNotionalAt(tiers: readonly MarginTier[], leverage: number): number {
  let cap = 0;
  for (const t of tiers) if (t.maxLeverage >= leverage) cap = t.notionalCap;
  return cap;
}
