import { z } from 'zod';
import { InputError } from '../core/index.js';

/**
 * A parameter space: each named dimension is a continuous range (optionally log-scaled and
 * quantised by `step`), an integer range, or a list of choices. A name with a dot (`risk.stopLossPct`)
 * is a config path; a name without one is a strategy parameter (`fast`).
 */
const rangeSchema = z
  .strictObject({
    type: z.literal('range'),
    min: z.number(),
    max: z.number(),
    step: z.number().positive().optional(),
    log: z.boolean().optional(),
  })
  .refine((d) => d.max > d.min, { message: 'max must be greater than min' })
  .refine((d) => !d.log || d.min > 0, { message: 'log scale needs min > 0' });

const intSchema = z
  .strictObject({ type: z.literal('int'), min: z.number().int(), max: z.number().int() })
  .refine((d) => d.max >= d.min, { message: 'max must be at least min' });

const choiceSchema = z.strictObject({
  type: z.literal('choice'),
  values: z.array(z.union([z.number(), z.string(), z.boolean()])).min(1),
});

const dimensionSchema = z.discriminatedUnion('type', [rangeSchema, intSchema, choiceSchema]);

export const spaceSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/, 'a parameter name or a dotted config path'),
    dimensionSchema,
  )
  .refine((s) => Object.keys(s).length > 0, { message: 'a space needs at least one parameter' });

export type Dimension = z.output<typeof dimensionSchema>;
export type ParamValue = number | string | boolean;
/** One point of a space: a value per dimension name. */
export type ParamSet = Readonly<Record<string, ParamValue>>;

export interface Space {
  readonly names: readonly string[];
  readonly dims: Readonly<Record<string, Dimension>>;
}

/**
 * Validates a space given as plain data (parsed JSON or YAML).
 * @throws InputError whose message lists `name.field: reason` for every problem
 */
export function parseSpace(input: unknown, source = 'parameter space'): Space {
  const r = spaceSchema.safeParse(input);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InputError(`${source} is invalid:\n${lines.join('\n')}`);
  }
  return { names: Object.keys(r.data).sort(), dims: r.data };
}

/** Maps a value of a range/int dimension into [0, 1] (log ranges in log space). */
export function toUnit(d: Dimension, v: number): number {
  if (d.type === 'choice') throw new InputError('toUnit is for numeric dimensions');
  if (d.type === 'range' && d.log)
    return (Math.log(v) - Math.log(d.min)) / (Math.log(d.max) - Math.log(d.min));
  return d.max === d.min ? 0.5 : (v - d.min) / (d.max - d.min);
}

/** Maps u in [0, 1] back to a legal value: clamped, quantised by step, integers rounded. */
export function fromUnit(d: Dimension, u: number): number {
  if (d.type === 'choice') throw new InputError('fromUnit is for numeric dimensions');
  const c = Math.min(1, Math.max(0, u));
  if (d.type === 'int') return Math.min(d.max, Math.max(d.min, Math.round(d.min + c * (d.max - d.min))));
  let v = d.log
    ? Math.exp(Math.log(d.min) + c * (Math.log(d.max) - Math.log(d.min)))
    : d.min + c * (d.max - d.min);
  if (d.step !== undefined) v = quantise(v, d.min, d.max, d.step);
  // exp(log(x)) drifts in the last bits (10.000000000000002); 12 significant digits is plenty.
  else if (d.log) v = Number(v.toPrecision(12));
  return Math.min(d.max, Math.max(d.min, v));
}

function quantise(v: number, min: number, max: number, step: number): number {
  const k = Math.round((v - min) / step);
  const q = min + k * step;
  // Remove float noise such as 0.30000000000000004 while keeping the step's precision.
  const digits = Math.min(15, Math.max(0, -Math.floor(Math.log10(step)) + 2));
  const r = Number(q.toFixed(digits));
  return r > max ? Number((min + (k - 1) * step).toFixed(digits)) : r;
}

/** The grid values of one dimension: choices, every integer, or min..max by step (`gridSteps` points without a step). */
export function gridValues(d: Dimension, gridSteps = 5): ParamValue[] {
  if (d.type === 'choice') return [...d.values];
  if (d.type === 'int') return Array.from({ length: d.max - d.min + 1 }, (_, i) => d.min + i);
  const step = d.step;
  if (step !== undefined && !d.log) {
    const n = Math.floor((d.max - d.min) / step + 1e-9) + 1;
    return Array.from({ length: n }, (_, i) => quantise(d.min + i * step, d.min, d.max, step));
  }
  const values = Array.from({ length: gridSteps }, (_, i) =>
    fromUnit(d, gridSteps === 1 ? 0.5 : i / (gridSteps - 1)),
  );
  return [...new Set(values)];
}

/** A stable key of a parameter set (names sorted), for de-duplication and caches. */
export function paramKey(p: ParamSet): string {
  return JSON.stringify(
    Object.keys(p)
      .sort()
      .map((k) => [k, p[k]]),
  );
}

/** The dimension of a name of the space. */
export function dimension(space: Space, name: string): Dimension {
  const d = space.dims[name];
  if (!d) throw new InputError(`parameter ${name} is not in the space (${space.names.join(', ')})`);
  return d;
}
