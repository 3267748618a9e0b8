import { ConfigError, HOUR_MS, Side } from '../core/index.js';
import type { MarketSnapshot } from './market-stats.js';

/**
 * Slippage model for simulated taker fills (market and triggered stop orders).
 *
 *     f = (halfSpread + impactCoefficient * sigma * sqrt(quantity / averageBarVolume)) * m
 *
 * * `halfSpread` = `halfSpreadBps / 10_000`: crossing half the bid-ask spread.
 * * The square-root impact law: cost grows with the square root of participation (the order's size
 *   against a typical bar's volume), scaled by recent volatility. `sigma` is the sample stdev of log
 *   returns over the last `lookbackBars` closes and `averageBarVolume` their mean base volume, both
 *   from {@link MarketStats}, which only knows closed bars.
 * * `m` = `thinHoursMultiplier` when the fill time's UTC hour is in `[startHourUtc, endHourUtc)`
 *   (02:00-06:00 by default, the playbook's low-liquidity window), else 1.
 *
 * Buys fill at `price * (1 + f)`, sells at `price * (1 - f)`. Fill prices are not put back on the tick,
 * so worked examples stay exact. Before any bar is known, or when the window's volume is all zero,
 * the impact term is 0 and only the half-spread applies. Limit fills never slip (they fill at their
 * price, as makers).
 */

export type SlippageModelName = 'none' | 'sqrt-impact';

/** UTC hours `[startHourUtc, endHourUtc)`; a window such as 22 → 2 wraps past midnight. */
export interface ThinHours {
  readonly startHourUtc: number;
  readonly endHourUtc: number;
}

export interface SlippageConfig {
  readonly model: SlippageModelName;
  /** Half the bid-ask spread, in basis points of price. */
  readonly halfSpreadBps: number;
  /** Multiplier on `sigma * sqrt(participation)`; 1 is the usual square-root-law constant. */
  readonly impactCoefficient: number;
  /** Closed bars used for sigma and average volume. */
  readonly lookbackBars: number;
  readonly thinHours: ThinHours;
  /** Factor applied to the whole slippage inside thin hours. */
  readonly thinHoursMultiplier: number;
}

export const DEFAULT_SLIPPAGE: SlippageConfig = {
  model: 'sqrt-impact',
  halfSpreadBps: 2,
  impactCoefficient: 1,
  lookbackBars: 60,
  thinHours: { startHourUtc: 2, endHourUtc: 6 },
  thinHoursMultiplier: 2,
};

/** Throws a ConfigError naming the first field that cannot be used. */
export function validateSlippageConfig(config: SlippageConfig): void {
  const { halfSpreadBps, impactCoefficient, lookbackBars, thinHours, thinHoursMultiplier } = config;
  if (config.model !== 'none' && config.model !== 'sqrt-impact') {
    throw new ConfigError(`slippage.model must be 'none' or 'sqrt-impact', got ${String(config.model)}`);
  }
  if (!(halfSpreadBps >= 0))
    throw new ConfigError(`slippage.halfSpreadBps must be >= 0, got ${halfSpreadBps}`);
  if (!(impactCoefficient >= 0)) {
    throw new ConfigError(`slippage.impactCoefficient must be >= 0, got ${impactCoefficient}`);
  }
  if (!Number.isInteger(lookbackBars) || lookbackBars < 2) {
    throw new ConfigError(`slippage.lookbackBars must be an integer >= 2, got ${lookbackBars}`);
  }
  for (const [name, h] of Object.entries(thinHours)) {
    if (!Number.isInteger(h) || h < 0 || h > 24) {
      throw new ConfigError(`slippage.thinHours.${name} must be an integer hour 0-24, got ${String(h)}`);
    }
  }
  if (!(thinHoursMultiplier >= 1)) {
    throw new ConfigError(`slippage.thinHoursMultiplier must be >= 1, got ${thinHoursMultiplier}`);
  }
}

/** True when the UTC hour of `time` lies in the thin-liquidity window. */
export function isThinHour(time: number, thinHours: ThinHours): boolean {
  const hour = Math.floor((((time % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS)) / HOUR_MS);
  const { startHourUtc: start, endHourUtc: end } = thinHours;
  if (start === end) return false;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/** Slippage as a fraction of price for a taker fill of `quantity` base units at `time`. */
export function slippageFraction(
  config: SlippageConfig,
  market: MarketSnapshot,
  quantity: number,
  time: number,
): number {
  if (config.model === 'none') return 0;
  const halfSpread = config.halfSpreadBps / 10_000;
  const impact =
    market.averageBarVolume > 0
      ? config.impactCoefficient * market.sigma * Math.sqrt(Math.abs(quantity) / market.averageBarVolume)
      : 0;
  const multiplier = isThinHour(time, config.thinHours) ? config.thinHoursMultiplier : 1;
  return Math.min(MAX_SLIPPAGE_FRACTION, (halfSpread + impact) * multiplier);
}

/**
 * The worst price move one fill is charged: beyond it the square-root law is far outside any range it
 * was fitted on (an order many times the recent volume), and an unbounded fraction could price a
 * sell at or below zero. A fill this bad is a warning sign in itself; the risk engine's liquidity cap
 * keeps real orders far from it.
 */
export const MAX_SLIPPAGE_FRACTION = 0.5;

/** Moves `price` against the taker: buys pay more, sells receive less. */
export function applySlippage(price: number, side: Side, fraction: number): number {
  return side === Side.Buy ? price * (1 + fraction) : price * (1 - fraction);
}
