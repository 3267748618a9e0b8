import { z } from 'zod';

export const manualOrderSchema = z.strictObject({
  side: z.enum(['buy', 'sell']),
  quantity: z.number().positive().finite(),
  note: z.string().trim().min(1).max(500),
  mood: z.string().trim().min(1).max(40).optional(),
  confidence: z.int().min(1).max(5).optional(),
});

export const limitQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** An empty body or `{}`: control actions that take no arguments refuse anything else. */
export const emptyBodySchema = z.union([z.undefined(), z.null(), z.strictObject({})]);

export type ParseOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Parses `input`; on failure one message per issue, each naming the field (`body.quantity: ...`). */
export function parseInput<T>(
  schema: z.ZodType<T>,
  input: unknown,
  where: 'body' | 'query',
): ParseOutcome<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const error = result.error.issues
    .map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const path = [where, ...issue.path.map(String)].join('.');
      return keys.length > 0 ? `${path}: unknown field(s) ${keys.join(', ')}` : `${path}: ${issue.message}`;
    })
    .join('; ');
  return { ok: false, error };
}
