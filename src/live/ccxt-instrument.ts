import ccxt, { type Exchange, type MarketInterface } from 'ccxt';
import { type InstrumentSpec, InputError, type MarginTier } from '../core/index.js';

/** A precision as ccxt states it, turned into a step: 0.001 stays (TICK_SIZE), 3 becomes 0.001 (DECIMAL_PLACES). */
function stepOf(precision: number | undefined, mode: number, what: string, symbol: string): number {
  if (precision === undefined || !Number.isFinite(precision) || precision <= 0) {
    if (precision === 0 && mode === ccxt.DECIMAL_PLACES) return 1;
    throw new InputError(`market ${symbol}: precision.${what} is missing or not positive (${precision})`);
  }
  return mode === ccxt.DECIMAL_PLACES ? Number((10 ** -precision).toPrecision(12)) : precision;
}

export interface InstrumentFallbacks {
  /** When the venue does not publish a liquidation fee (Binance does, as `liquidationFee`). */
  readonly liquidationFeeRate: number;
  /** When the venue's tiers cannot be read. */
  readonly marginTiers: readonly MarginTier[];
}

/**
 * The project's `InstrumentSpec` from a ccxt market (filters from `loadMarkets`) and the venue's
 * leverage tiers (`fetchLeverageTiers`, as ccxt unifies them).
 */
export function instrumentFromMarket(
  market: MarketInterface,
  precisionMode: number,
  tiers: readonly MarginTier[] | undefined,
  fallbacks: InstrumentFallbacks,
): InstrumentSpec {
  const symbol = market.symbol;
  if (market.active === false) throw new InputError(`market ${symbol} is not active at ${String(market.id)}`);
  const tickSize = stepOf(market.precision.price, precisionMode, 'price', symbol);
  const stepSize = stepOf(market.precision.amount, precisionMode, 'amount', symbol);
  const info = (market.info ?? {}) as Record<string, unknown>;
  const fee = Number(info['liquidationFee']);
  return {
    symbol,
    tickSize,
    stepSize,
    minQuantity: market.limits.amount?.min ?? stepSize,
    minNotional: market.limits.cost?.min ?? 0,
    makerFee: market.maker ?? 0,
    takerFee: market.taker ?? 0,
    marginTiers: tiers && tiers.length > 0 ? tiers : fallbacks.marginTiers,
    liquidationFeeRate: Number.isFinite(fee) && fee > 0 ? fee : fallbacks.liquidationFeeRate,
  };
}

/** ccxt's unified leverage tiers (`minNotional, maxNotional, maintenanceMarginRate, maxLeverage, info.cum`). */
export function marginTiersOf(rows: readonly Record<string, unknown>[]): MarginTier[] {
  return rows.map((r, i) => {
    const info = (r['info'] ?? {}) as Record<string, unknown>;
    const tier: MarginTier = {
      notionalFloor: Number(r['minNotional']),
      notionalCap: Number(r['maxNotional']),
      maxLeverage: Number(r['maxLeverage']),
      mmr: Number(r['maintenanceMarginRate']),
      // Binance publishes the maintenance amount as `cum`, Bybit as `mmDeduction`.
      cum: Number(info['cum'] ?? info['mmDeduction'] ?? 0),
    };
    for (const [k, v] of Object.entries(tier))
      if (!Number.isFinite(v))
        throw new InputError(`leverage tier ${i + 1}: ${k} is not a number (${String(v)})`);
    return tier;
  });
}

/** Loads markets and tiers and builds the spec of `symbol`. */
export async function loadInstrument(
  exchange: Exchange,
  symbol: string,
  fallbacks: InstrumentFallbacks,
): Promise<InstrumentSpec> {
  await exchange.loadMarkets();
  const markets = exchange.markets as Record<string, MarketInterface | undefined> | undefined;
  const market = markets?.[symbol];
  if (!market) throw new InputError(`${exchange.id} has no market ${symbol}`);
  let tiers: MarginTier[] | undefined;
  if (exchange.has['fetchLeverageTiers']) {
    const all = (await exchange.fetchLeverageTiers([symbol])) as unknown as Record<
      string,
      Record<string, unknown>[]
    >;
    const rows = all[symbol];
    if (rows) tiers = marginTiersOf(rows);
  }
  return instrumentFromMarket(market, exchange.precisionMode ?? ccxt.TICK_SIZE, tiers, fallbacks);
}
