import { z } from 'zod';
import { positiveFraction } from './fields.js';

const slippageSchema = z
  .strictObject({
    model: z
      .enum(['sqrt-impact', 'none'])
      .default('sqrt-impact')
      .describe('slippage model: sqrt-impact (half-spread + volatility x sqrt(size / volume)) or none'),
    halfSpreadBps: z
      .number()
      .min(0)
      .default(5)
      .describe('half the bid-ask spread, paid by every market fill, basis points (1 bp = 0.01%)'),
    impactCoefficient: z
      .number()
      .min(0)
      .default(1)
      .describe(
        'price impact in units of recent volatility (stdev of bar log returns) for an order as large as the average bar volume; scales with sqrt(size / volume)',
      ),
    lookbackBars: z
      .int()
      .positive()
      .default(60)
      .describe('closed bars the slippage model measures volatility and average volume over'),
    thinHoursMultiplier: z.number().min(1).default(2).describe('slippage multiplier inside risk.thinHours'),
  })
  .prefault({})
  .describe('slippage model: always on; grows with leverage-sized notional against liquidity');

export const executionSchema = z
  .strictObject({
    latencyBudgetMs: z
      .int()
      .positive()
      .default(100)
      .describe('order-path budget to the exchange, milliseconds; slower orders are reported'),
    slippage: slippageSchema,
    maxBarVolumeFraction: positiveFraction()
      .default(0.1)
      .describe(
        "largest share of a bar's volume one simulated fill may take; the rest stays open (0.1 = 10%)",
      ),
  })
  .prefault({})
  .describe('execution: order path and fill model');
