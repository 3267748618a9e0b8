import { z } from 'zod';
import type { EpochMs } from '../../core/index.js';

/** Wire primitives of Numerai's GraphQL answers. */

const ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO-8601 time (`2026-03-27T00:00:00Z`, or a bare date) read as UTC epoch ms. */
export const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO-8601 time')
  .transform((text, ctx) => {
    // A time without a zone is UTC on Numerai's side; Date.parse would read it as local time.
    const t = Date.parse(text.length > 10 && !ZONE.test(text) ? `${text}Z` : text);
    if (!Number.isFinite(t)) {
      ctx.addIssue({ code: 'custom', message: `expected an ISO-8601 time, got "${text}"` });
      return z.NEVER;
    }
    return t as EpochMs;
  });

const DECIMAL_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Numerai's `Decimal` scalar: a decimal string ("0.58888"); a JSON number is accepted too. */
export const decimal = z
  .union([z.number(), z.string().regex(DECIMAL_TEXT, 'expected a decimal')])
  .transform(Number);
