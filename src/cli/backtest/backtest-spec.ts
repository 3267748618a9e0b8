import { InputError, type Timeframe, parseSince, parseTimeframe } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import type { BacktestSpec } from '../../backtest/index.js';
import type { SlippageConfig } from '../../execution/index.js';

export interface BacktestFlags {
  strategy?: string;
  from?: string;
  to?: string;
  timeframe?: string;
  json?: string;
  report?: string;
  synthetic?: boolean;
  days: string;
  seed: string;
  download: boolean;
  leverage?: string;
  balance?: string;
  baseUrl?: string;
  /** false with --no-risk: no risk engine (orders go as the strategy sized them). */
  risk: boolean;
  /** --param name=value, repeatable: strategy parameters. */
  param?: string[];
}

/** A date flag: ISO date/time (UTC) or a look-back such as 18mo or 30d. */
export function parseWhen(flag: string, text: string, now: number): number {
  try {
    return parseSince(text, now);
  } catch {
    throw new InputError(`${flag} "${text}" is not a date (2025-01-01) or a look-back (18mo, 30d)`);
  }
}

function positive(flag: string, text: string | undefined, fallback: number, max = Infinity): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!(n > 0 && n <= max))
    throw new InputError(
      `${flag} must be a number above 0${max < Infinity ? ` and at most ${max}` : ''}, got "${text}"`,
    );
  return n;
}

/** The backtest spec from config defaults and command-line flags. */
export function specFromConfig(
  config: NmrbotConfig,
  flags: BacktestFlags,
  market: { exchange: string; symbol: string; from?: number | undefined; to?: number | undefined },
): BacktestSpec {
  let timeframe: Timeframe;
  try {
    timeframe = parseTimeframe(flags.timeframe ?? config.backtest.timeframe);
  } catch (err) {
    throw new InputError(`--timeframe: ${(err as Error).message}`);
  }
  const slip = config.execution.slippage;
  const slippage: SlippageConfig = {
    model: slip.model,
    halfSpreadBps: slip.halfSpreadBps,
    impactCoefficient: slip.impactCoefficient,
    lookbackBars: slip.lookbackBars,
    thinHours: {
      startHourUtc: config.risk.thinHours.startHourUtc,
      endHourUtc: config.risk.thinHours.endHourUtc,
    },
    thinHoursMultiplier: slip.thinHoursMultiplier,
  };
  return {
    exchange: market.exchange,
    symbol: market.symbol,
    timeframe,
    from: market.from,
    to: market.to,
    initialBalance: positive('--balance', flags.balance, config.backtest.initialBalance),
    leverage: positive('--leverage', flags.leverage, config.backtest.leverage, config.risk.maxLeverage),
    instrument: {
      symbol: market.symbol,
      ...config.perp.instrument,
      makerFee: config.fees.maker,
      takerFee: config.fees.taker,
      marginTiers: config.perp.tiers,
      liquidationFeeRate: config.perp.liquidationFeeRate,
    },
    slippage,
    maxBarVolumeFraction: config.execution.maxBarVolumeFraction,
    fundingFallback: {
      constantRate8h: config.perp.fundingFallback.ratePer8h,
      intervalHours: config.perp.fundingFallback.intervalHours,
      interestRate8h: 0.0001,
      clamp8h: 0.0005,
    },
    spot: { exchange: config.backtest.spotExchange, symbol: config.backtest.spotSymbol },
    risk: flags.risk ? config.risk : undefined,
  };
}
