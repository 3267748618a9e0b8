import type { z } from 'zod';
import { objectFields, schemaAt } from './schema-walk.js';

type Issue = z.core.$ZodIssue;

/** `['perp', 'tiers', 2, 'cum']` → `perp.tiers[2].cum`; the empty path is `(top level)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  }
  return text === '' ? '(top level)' : text;
}

/** Every zod issue as `path.to.field: reason in plain words`, one string per problem. */
export function formatIssues(error: z.ZodError, root: z.ZodType): string[] {
  return error.issues.flatMap((issue) => issueLines(issue, root));
}

function issueLines(issue: Issue, root: z.ZodType): string[] {
  if (issue.code === 'unrecognized_keys') {
    const target = schemaAt(root, issue.path);
    const known = target === undefined ? [] : objectFields(target).map(([name]) => name);
    return issue.keys.map((key) => {
      const hint = closest(key, known);
      const suffix =
        hint !== undefined
          ? ` (did you mean ${hint}?)`
          : known.length > 0
            ? ` (known keys: ${known.join(', ')})`
            : '';
      return `${formatPath([...issue.path, key])}: unknown key${suffix}`;
    });
  }
  return [`${formatPath(issue.path)}: ${reason(issue)}`];
}

function reason(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected} (got ${describe(issue.input)})`;
    case 'too_big':
      return bound('at most', issue.maximum, issue.inclusive, issue.origin, '<');
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return bound('at least', issue.minimum, issue.inclusive, issue.origin, '>');
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')} (got ${describe(issue.input)})`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
    case 'custom':
      return withInput(issue.message, issue.input);
    default:
      return issue.message;
  }
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'a mapping of keys to values',
  array: 'a list',
};

function bound(
  words: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
  origin: string,
  sign: '<' | '>',
): string {
  const n = String(limit);
  if (origin === 'array' || origin === 'set') return `must have ${words} ${n} item${n === '1' ? '' : 's'}`;
  if (origin === 'string') return `must be ${words} ${n} characters long`;
  return `must be ${sign}${inclusive === false ? '' : '='} ${n}`;
}

/** Appends the offending value when it is a plain scalar and the message does not show it yet. */
function withInput(message: string, input: unknown): string {
  const scalar = typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean';
  return scalar && !message.includes('(got ') ? `${message} (got ${describe(input)})` : message;
}

function describe(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** The known key nearest to a misspelt one (case-insensitive edit distance <= 2), if any. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}
