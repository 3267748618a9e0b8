import { z } from 'zod';
import { positiveFraction } from './fields.js';

const slippageSchema = z
  .strictObject({
    halfSpreadBps: z
      .number()
      .min(0)
      .default(5)
      .describe('half the bid-ask spread, paid by every market fill, basis points (1 bp = 0.01%)'),
    impactCoefficient: z
      .number()
      .min(0)
      .default(0.02)
      .describe(
        'price impact as a fraction of price for an order as large as the bar volume; scales with sqrt(share)',
      ),
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
