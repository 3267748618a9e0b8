import { z } from 'zod';
import { combinerSchema } from './combiner.js';
import { fraction } from './fields.js';

/** How far a set of weights (families, or the price sub-signals) may stray from summing to exactly 1. */
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
  .superRefine((w, ctx) => requireSumOfOne(w, ctx))
  .prefault({})
  .describe('weights of the three signal families; they must sum to 1');

const priceWeightsSchema = z
  .strictObject({
    momentum: fraction().default(0.5).describe('share of momentum in the price family, 0 to 1'),
    meanReversion: fraction()
      .default(0.25)
      .describe('share of mean reversion (distance from the volatility band) in the price family, 0 to 1'),
    funding: fraction()
      .default(0.25)
      .describe('share of the funding-rate signal in the price family, 0 to 1'),
  })
  .superRefine((w, ctx) => requireSumOfOne(w, ctx))
  .prefault({})
  .describe('weights of the signals inside the price family; they must sum to 1');

const momentumSchema = z
  .strictObject({
    horizonsHours: z
      .array(z.number().positive())
      .min(1)
      .refine((list) => new Set(list).size === list.length, { message: 'must not repeat a horizon' })
      .default((): number[] => [1, 4, 24])
      .describe('momentum horizons, hours (each measured over the nearest whole number of bars, at least 1)'),
    volatilityWindowHours: z
      .number()
      .positive()
      .default(72)
      .describe('window of 1-bar log returns whose standard deviation normalises each horizon, hours'),
  })
  .prefault({})
  .describe('momentum: volatility-normalised log returns over several horizons');

const meanReversionSchema = z
  .strictObject({
    windowHours: z
      .number()
      .positive()
      .default(24)
      .describe('window of closes for the band mean and standard deviation, hours (at least 2 bars)'),
    bandStdDevs: z
      .number()
      .positive()
      .default(2)
      .describe('band half-width in standard deviations; a close this far from the mean scores -1 or +1'),
  })
  .prefault({})
  .describe('mean reversion: distance of the close from a rolling volatility band');

const fundingSchema = z
  .strictObject({
    saturationMultiple: z
      .number()
      .min(1)
      .default(3)
      .describe('the funding signal reaches -1 or +1 at this multiple of fundingExtremePer8h'),
  })
  .prefault({})
  .describe('funding: a push against the side that pays');

const staleAfterHoursSchema = z
  .strictObject({
    network: z
      .number()
      .positive()
      .default(48)
      .describe('a Numerai or on-chain datum older than this (since its availableAt) is ignored, hours'),
    sentiment: z
      .number()
      .positive()
      .default(12)
      .describe('a sentiment datum older than this (since its availableAt) is ignored, hours'),
  })
  .prefault({})
  .describe('how long an alternative datum stays usable; without fresh data a feed signal is missing');

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
    priceWeights: priceWeightsSchema,
    momentum: momentumSchema,
    meanReversion: meanReversionSchema,
    funding: fundingSchema,
    staleAfterHours: staleAfterHoursSchema,
    combiner: combinerSchema,
  })
  .prefault({})
  .describe('signals: how the signal families combine into an entry decision');

/** Adds an issue such as `must sum to 1 (price 0.5 + network 0.35 + sentiment 0.25 = 1.1)`. */
function requireSumOfOne(weights: Readonly<Record<string, number>>, ctx: z.RefinementCtx): void {
  const entries = Object.entries(weights);
  const sum = entries.reduce((total, [, w]) => total + w, 0);
  if (Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE) return;
  const terms = entries.map(([name, w]) => `${name} ${w}`).join(' + ');
  ctx.addIssue({ code: 'custom', message: `must sum to 1 (${terms} = ${round(sum)})` });
}

function round(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}
