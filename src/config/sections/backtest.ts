import { z } from 'zod';
import { TIMEFRAMES } from '../../core/index.js';

export const backtestSchema = z
  .strictObject({
    strategy: z
      .string()
      .min(1)
      .default('nmr-playbook')
      .describe(
        'strategy to run: a built-in name (nmr-playbook, ema-cross) or a .ts/.js file exporting createStrategy',
      ),
    timeframe: z
      .enum(TIMEFRAMES)
      .default('15m')
      .describe(
        'bar timeframe the strategy and the risk engine see (15m: the finest with a year of real NMR history; the circuit breaker judges moves within 15 minutes on it)',
      ),
    initialBalance: z.number().positive().default(10_000).describe('starting wallet, USDT'),
    leverage: z
      .number()
      .positive()
      .max(5)
      .default(1)
      .describe('leverage for positions the strategy opens without naming one, x (never above 5)'),
    spotExchange: z
      .string()
      .default('binance')
      .describe('exchange id of stored spot candles used to estimate missing funding from the premium'),
    spotSymbol: z.string().default('NMR/USDT').describe('spot symbol for the funding premium estimate'),
    reportsDir: z.string().min(1).default('reports').describe('folder for HTML reports'),
  })
  .prefault({})
  .describe('backtest: what `nmrbot backtest` runs by default');
