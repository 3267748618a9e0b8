import { z } from 'zod';
import { InputError } from '../core/index.js';
import { HALT_RULES, RISK_RULES, type RiskStateSnapshot } from './risk.types.js';

const time = z.int();
const haltSchema = z.strictObject({ rule: z.enum(HALT_RULES), until: time });

/** The snapshot as stored: every field checked, and the summary halt consistent with the list. */
export const riskStateSchema = z
  .strictObject({
    version: z.literal(1),
    haltedUntil: time.nullable(),
    haltRule: z.enum(RISK_RULES).nullable(),
    lastBreakerTrip: time.nullable(),
    dayStart: time.nullable(),
    dayStartEquity: z.number().nullable(),
    peakEquity: z.number().nullable(),
    halts: z.array(haltSchema).optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.haltedUntil === null) !== (s.haltRule === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['haltRule'],
        message: 'haltedUntil and haltRule must be set together',
      });
    }
    if (s.haltRule !== null && !(HALT_RULES as readonly string[]).includes(s.haltRule)) {
      ctx.addIssue({
        code: 'custom',
        path: ['haltRule'],
        message: `must be one of ${HALT_RULES.join(', ')} (got ${s.haltRule})`,
      });
    }
    if (s.halts === undefined) return;
    const rules = s.halts.map((h) => h.rule);
    if (new Set(rules).size !== rules.length) {
      ctx.addIssue({ code: 'custom', path: ['halts'], message: 'names a rule twice' });
    }
    const last = s.halts.reduce<(typeof s.halts)[number] | undefined>(
      (found, h) => (found === undefined || h.until > found.until ? h : found),
      undefined,
    );
    if ((last?.until ?? null) !== s.haltedUntil) {
      ctx.addIssue({
        code: 'custom',
        path: ['haltedUntil'],
        message: `must be the latest end in halts (${last?.until ?? 'none'}), got ${s.haltedUntil}`,
      });
    }
  });

/**
 * Validates a risk-state snapshot.
 * @param where names the source in the error, e.g. `risk state of account "main"`
 * @throws InputError listing each problem as `field: reason`
 */
export function parseRiskState(value: unknown, where: string): RiskStateSnapshot {
  const result = riskStateSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  throw new InputError(`${where} is invalid: ${problems.join('; ')}`);
}
