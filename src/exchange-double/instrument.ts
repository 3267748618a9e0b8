import { defaultConfig } from '../config/index.js';
import type { InstrumentSpec, MarginTier } from '../core/index.js';

/** The Binance exchange id of the one symbol the double trades. */
export const NMR_EXCHANGE_SYMBOL = 'NMRUSDT';

/**
 * NMRUSDT maintenance-margin tiers: the config's defaults (the snapshot in NOTES-perps §2, freqtrade's
 * bundled binance_leverage_tiers.json). Served by `/fapi/v1/leverageBracket`; real venues change them.
 */
export const NMR_MARGIN_TIERS: readonly MarginTier[] = defaultConfig().perp.tiers;

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
