import { z } from 'zod';
import { MAX_LEVERAGE } from '../profiles.js';
import { positiveFraction } from './fields.js';

export const DIVERGENCE_POLICIES = ['exit', 'tighten', 'ignore'] as const;
export type DivergencePolicy = (typeof DIVERGENCE_POLICIES)[number];

export const SENTIMENT_AGREEMENT_RULES = ['when-available', 'always'] as const;

/** The default strategy `nmr-playbook`: how signals become entries and exits (limits live in `risk`). */
export const playbookSchema = z
  .strictObject({
    leverage: z.number().min(1).max(MAX_LEVERAGE).optional().meta({
      description:
        "leverage each entry asks for, x (unset: risk.maxLeverage); the risk engine's margin cap then sizes it",
    }),
    sentimentAgreement: z
      .enum(SENTIMENT_AGREEMENT_RULES)
      .default('when-available')
      .describe(
        'momentum and sentiment must agree to enter: when-available (a missing sentiment feed does not block) or always',
      ),
    divergence: z
      .enum(DIVERGENCE_POLICIES)
      .default('tighten')
      .describe(
        'momentum and sentiment disagree while in a position: exit, tighten (move the stop closer) or ignore',
      ),
    tightenedStopPct: positiveFraction()
      .default(0.01)
      .describe('the tightened stop on divergence, adverse from the current price (0.01 = 1%)'),
    edgePerScore: z
      .number()
      .min(0)
      .max(0.1)
      .default(0.01)
      .describe(
        'expected edge per unit of |score|, as a fraction of notional (a heuristic the funding-cycle rule weighs against funding due)',
      ),
  })
  .prefault({})
  .describe('nmr-playbook: the default strategy (entries, exits; the limits are in risk)');
