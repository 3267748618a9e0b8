import { z } from 'zod';
import { fraction } from './fields.js';

/** How far the family weights may stray from summing to exactly 1. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

export const MISSING_FAMILY_RULES = ['zero', 'renormalise'] as const;
export type MissingFamilyRule = (typeof MISSING_FAMILY_RULES)[number];

const weightsSchema = z
  .strictObject({
    price: fraction()
      .default(0.4)
      .describe('weight of price action (momentum, mean reversion, funding), 0 to 1'),
    network: fraction()
      .default(0.35)
      .describe('weight of the Numerai network (tournament health, on-chain NMR flows), 0 to 1'),
    sentiment: fraction().default(0.25).describe('weight of social sentiment (forums, Reddit, news), 0 to 1'),
  })
  .superRefine((w, ctx) => {
    const sum = w.price + w.network + w.sentiment;
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      ctx.addIssue({
        code: 'custom',
        message: `must sum to 1 (price ${w.price} + network ${w.network} + sentiment ${w.sentiment} = ${round(sum)})`,
      });
    }
  })
  .prefault({})
  .describe('weights of the three signal families; they must sum to 1');

export const signalsSchema = z
  .strictObject({
    weights: weightsSchema,
    missingFamily: z
      .enum(MISSING_FAMILY_RULES)
      .default('renormalise')
      .describe(
        'a family without data: renormalise (share its weight among the others) or zero (score it 0)',
      ),
    entryThreshold: z
      .number()
      .positive()
      .max(1)
      .default(0.3)
      .describe('weighted score (-1 to 1) must reach this, in absolute value, to enter'),
    fundingExtremePer8h: z
      .number()
      .positive()
      .max(0.05)
      .default(0.001)
      .describe(
        'funding beyond +/- this per 8 h (other intervals scaled to 8 h) means enter against momentum; 0.001 = 0.1%',
      ),
  })
  .prefault({})
  .describe('signals: how the signal families combine into an entry decision');

function round(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}
