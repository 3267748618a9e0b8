import { z } from 'zod';
import { MAX_LEVERAGE, PROFILE_MAX_LEVERAGE, RISK_PROFILES } from '../profiles.js';
import { positiveFraction } from './fields.js';
import {
  circuitBreakerSchema,
  eventsSchema,
  fundingCycleSchema,
  haltsSchema,
  highVolatilitySchema,
  liquiditySchema,
  thinHoursSchema,
  weekendsSchema,
} from './risk-parts.js';

const riskObject = z.strictObject({
  profile: z
    .enum(RISK_PROFILES)
    .default('standard')
    .describe('beginner (max 2x), standard (max 3x) or experienced (max 5x)'),
  maxLeverage: z
    .number()
    .min(1)
    .max(MAX_LEVERAGE, `must be <= ${MAX_LEVERAGE}`)
    .optional()
    .meta({
      description: `max leverage per position, x (unset: the profile's cap; never above ${MAX_LEVERAGE})`,
    }),
  maxMarginFraction: positiveFraction()
    .default(0.4)
    .describe('max share of equity committed as margin to open positions (0.40 = 40%)'),
  stopLossPct: positiveFraction()
    .default(0.025)
    .describe('stop loss, adverse move from entry as a fraction (0.025 = 2.5%); an exchange-side stop live'),
  timeExitHours: z
    .number()
    .positive()
    .default(6)
    .describe('close a position still not in profit after this many hours'),
  highVolatility: highVolatilitySchema,
  circuitBreaker: circuitBreakerSchema,
  thinHours: thinHoursSchema,
  events: eventsSchema,
  weekends: weekendsSchema,
  halts: haltsSchema,
  liquidity: liquiditySchema,
  fundingCycle: fundingCycleSchema,
});

type RiskInput = z.output<typeof riskObject>;

/**
 * Risk limits. `maxLeverage` defaults to the profile's cap and may not exceed it; the
 * high-volatility limits may not be looser than the normal ones.
 */
export const riskSchema = riskObject
  .superRefine((risk, ctx) => {
    const cap = PROFILE_MAX_LEVERAGE[risk.profile];
    // Above MAX_LEVERAGE the field check has already said `must be <= 5`; say it once.
    if (risk.maxLeverage !== undefined && risk.maxLeverage > MAX_LEVERAGE) return;
    if (risk.maxLeverage !== undefined && risk.maxLeverage > cap) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxLeverage'],
        message: `must be <= ${cap} for profile ${risk.profile} (got ${risk.maxLeverage}); a higher cap needs another risk.profile`,
      });
      return;
    }
    const maxLeverage = effectiveLeverage(risk);
    if (risk.highVolatility.maxLeverage > maxLeverage) {
      ctx.addIssue({
        code: 'custom',
        path: ['highVolatility', 'maxLeverage'],
        message: `must be <= risk.maxLeverage (${maxLeverage}) (got ${risk.highVolatility.maxLeverage})`,
      });
    }
    if (risk.highVolatility.maxMarginFraction > risk.maxMarginFraction) {
      ctx.addIssue({
        code: 'custom',
        path: ['highVolatility', 'maxMarginFraction'],
        message: `must be <= risk.maxMarginFraction (${risk.maxMarginFraction}) (got ${risk.highVolatility.maxMarginFraction})`,
      });
    }
  })
  .transform(({ profile, maxLeverage, ...rest }) => ({
    profile,
    maxLeverage: maxLeverage ?? PROFILE_MAX_LEVERAGE[profile],
    ...rest,
  }))
  .prefault({})
  .describe('risk: limits every order must pass');

function effectiveLeverage(risk: RiskInput): number {
  return risk.maxLeverage ?? PROFILE_MAX_LEVERAGE[risk.profile];
}
