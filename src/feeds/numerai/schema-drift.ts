import type { z } from 'zod';
import { InputError } from '../../core/index.js';

/** `rounds[3].closeTime` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`,
    '',
  );
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const field = formatPath(issue.path);
  const value = valueAt(data, issue.path);
  if (value === undefined) return `field ${field} missing (schema drift? the API may have renamed it)`;
  const expected =
    issue.code === 'invalid_type'
      ? `expected ${issue.expected}`
      : issue.code === 'invalid_union'
        ? 'expected a decimal number or its text'
        : issue.message;
  return `field ${field} ${expected}, got ${preview(value)} (schema drift? the API may have changed its type)`;
}

/**
 * Validates the `data` of an answer; a mismatch is an InputError naming the query and the first
 * offending fields by their path, e.g. `numerai roundDetails: field roundDetails.totalAtStake missing
 * (schema drift? the API may have renamed it)`.
 */
export function parseAnswer<T>(rootField: string, schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  // A renamed field fails in every row of a list: report it once, with how many rows share it.
  const groups = new Map<string, z.core.$ZodIssue[]>();
  for (const issue of result.error.issues) {
    const shape = formatPath(issue.path.map((k) => (typeof k === 'number' ? -1 : k)));
    groups.set(shape, [...(groups.get(shape) ?? []), issue]);
  }
  const shown = [...groups.values()].slice(0, 3).map((issues) => {
    const first = describeIssue(issues[0] as z.core.$ZodIssue, data);
    return issues.length > 1 ? `${first}, and the same in ${issues.length - 1} more rows` : first;
  });
  const more = groups.size > 3 ? `; and ${groups.size - 3} more fields` : '';
  throw new InputError(`numerai ${rootField}: ${shown.join('; ')}${more}`);
}

const UNKNOWN_FIELD = /Cannot query field "([^"]+)" on type "([^"]+)"/;

/** The field and type of a GraphQL "Cannot query field" validation error, if that is what it is. */
export function unknownField(message: string): { field: string; type: string } | undefined {
  const m = UNKNOWN_FIELD.exec(message);
  return m ? { field: m[1] ?? '', type: m[2] ?? '' } : undefined;
}

/** The drift error for a field the API's schema refuses. */
export function unknownFieldError(
  rootField: string,
  field: string,
  type: string,
  message: string,
): InputError {
  return new InputError(
    `numerai ${rootField}: field ${field} (type ${type}) is not in the API schema ` +
      `(schema drift? the API may have renamed it): ${message}`,
  );
}
