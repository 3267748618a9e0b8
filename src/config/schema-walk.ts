import { z } from 'zod';

/** Peels defaults, optionals and transforms off a schema, down to the object, array or leaf inside. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodReadonly
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

/** The fields of an object schema in declaration order; empty for anything else. */
export function objectFields(schema: z.ZodType): [string, z.ZodType][] {
  const inner = unwrapSchema(schema);
  if (!(inner instanceof z.ZodObject)) return [];
  const shape: Readonly<Record<string, z.ZodType>> = inner.shape;
  return Object.entries(shape);
}

/** The element schema of an array schema, if it is one. */
export function arrayElement(schema: z.ZodType): z.ZodType | undefined {
  const inner = unwrapSchema(schema);
  return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined;
}

/** The schema found by following `path` (object keys and array indices) from `root`. */
export function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const key of path) {
    if (current === undefined) return undefined;
    current =
      typeof key === 'number'
        ? arrayElement(current)
        : objectFields(current).find(([name]) => name === key)?.[1];
  }
  return current;
}

/** True when the field has no default: it may be left out and then stays unset (or is derived). */
export function isOptionalField(schema: z.ZodType): boolean {
  return schema instanceof z.ZodOptional;
}

export interface FieldDoc {
  description: string | undefined;
  example: unknown;
}

/** The one-line description and example value attached to a field with `.describe()` / `.meta()`. */
export function fieldDoc(schema: z.ZodType): FieldDoc {
  const meta = schema.meta();
  const examples = meta?.['examples'];
  return {
    description: schema.description,
    example: Array.isArray(examples) ? (examples[0] as unknown) : undefined,
  };
}
