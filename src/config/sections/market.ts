import { z } from 'zod';
import { TIMEFRAMES, type Timeframe, isTimeframe, parseSince } from '../../core/index.js';
import { envVarName, filePath } from './fields.js';

/** The venue and the contract traded. API keys stay in environment variables named here. */
export const exchangeSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9]+$/, 'must be a ccxt exchange id such as binanceusdm')
      .default('binanceusdm')
      .describe('ccxt exchange id of the futures venue (binanceusdm = Binance USD-M futures)'),
    symbol: z
      .string()
      .regex(/^[A-Z0-9]+\/[A-Z0-9]+:[A-Z0-9]+$/, 'must be a ccxt perpetual symbol such as NMR/USDT:USDT')
      .default('NMR/USDT:USDT')
      .describe('ccxt symbol of the perpetual contract traded, BASE/QUOTE:SETTLE'),
    sandbox: z.boolean().default(false).describe('trade on the exchange testnet instead of the real market'),
    apiKeyEnv: envVarName()
      .default('NMRBOT_API_KEY')
      .describe('environment variable holding the API key (the key itself never goes in this file)'),
    secretEnv: envVarName()
      .default('NMRBOT_API_SECRET')
      .describe('environment variable holding the API secret (never in this file)'),
  })
  .prefault({})
  .describe('exchange: where nmrbot trades');

export const storeSchema = z
  .strictObject({
    path: filePath()
      .default('./nmrbot.db')
      .describe('SQLite file of market data, relative to the working directory (--store overrides it)'),
  })
  .prefault({})
  .describe('store: the local market-data store');

const timeframe = z.string().refine(isTimeframe, {
  message: `must be one of ${TIMEFRAMES.join(', ')}`,
});

export const dataSchema = z
  .strictObject({
    timeframes: z
      .array(timeframe)
      .min(1)
      .refine((list) => new Set(list).size === list.length, { message: 'must not repeat a timeframe' })
      .default((): Timeframe[] => ['1m', '15m', '1h', '4h', '1d'])
      .describe(`candle timeframes to download and keep (any of ${TIMEFRAMES.join(', ')})`),
    history: z
      .string()
      .refine(isLookBack, {
        message: 'must be a look-back such as 18mo, 30d, 2w or a start date such as 2024-01-01',
      })
      .default('18mo')
      .describe(
        'history to download and backtest over: a look-back (18mo, 30d, 2w) or a start date (2024-01-01)',
      ),
  })
  .prefault({})
  .describe('data: market history kept in the store');

/** Fees as fractions of notional; a negative maker fee is a rebate. */
export const feesSchema = z
  .strictObject({
    maker: z
      .number()
      .min(-0.01)
      .max(0.01)
      .default(0.0002)
      .describe('maker fee, fraction of notional (0.0002 = 0.02%; negative = rebate)'),
    taker: z
      .number()
      .min(0)
      .max(0.01)
      .default(0.0005)
      .describe('taker fee, fraction of notional (0.0005 = 0.05%)'),
  })
  .prefault({})
  .describe('fees: trading fees (Binance USD-M regular-tier defaults)');

function isLookBack(text: string): boolean {
  try {
    parseSince(text, Date.UTC(2000, 0, 1));
    return true;
  } catch {
    return false;
  }
}
