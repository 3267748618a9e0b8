import type { NumeraiDriftPlan } from './double.types.js';
import type { FieldNode } from './graphql-parse.js';
import type { TypeDef } from './schema.js';

/** What GraphQL validation finds wrong with a selection (empty when it is valid). */
export function validateSelection(
  schema: Readonly<Record<string, TypeDef>>,
  typeName: string,
  fields: readonly FieldNode[],
  drift: NumeraiDriftPlan | undefined,
): string[] {
  const def = schema[typeName];
  if (!def) return [`Unknown type "${typeName}".`];
  const errors: string[] = [];
  for (const f of fields) {
    if (!def.fields.includes(f.name)) {
      const hint =
        drift?.renamedTo && drift.type === typeName && drift.field === f.name
          ? ` Did you mean "${drift.renamedTo}"?`
          : '';
      errors.push(`Cannot query field "${f.name}" on type "${typeName}".${hint}`);
      continue;
    }
    const child = def.objects?.[f.name];
    if (child && f.selections.length === 0) {
      errors.push(`Field "${f.name}" of type "${child}" must have a selection of subfields.`);
    } else if (!child && f.selections.length > 0) {
      errors.push(`Field "${f.name}" must not have a selection since its type has no subfields.`);
    } else if (child) {
      errors.push(...validateSelection(schema, child, f.selections, drift));
    }
  }
  return errors;
}

/**
 * Projects a full wire value onto a selection. Under a lenient drift (`validate: false`) a renamed
 * field is left out and its value served under the new name; a drift `value` replaces the field's.
 */
export function project(
  schema: Readonly<Record<string, TypeDef>>,
  typeName: string,
  value: unknown,
  fields: readonly FieldNode[],
  drift: NumeraiDriftPlan | undefined,
): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => project(schema, typeName, v, fields, drift));
  const source = value as Record<string, unknown>;
  const def = schema[typeName];
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const drifted = drift?.type === typeName && drift.field === f.name;
    if (drifted && drift.renamedTo) {
      out[drift.renamedTo] = source[f.name];
      continue;
    }
    if (drifted && 'value' in drift) {
      out[f.name] = drift.value;
      continue;
    }
    if (drift?.type === typeName && drift.renamedTo === f.name) {
      out[f.name] = source[drift.field] ?? null;
      continue;
    }
    const child = def?.objects?.[f.name];
    out[f.name] = child
      ? project(schema, child, source[f.name], f.selections, drift)
      : (source[f.name] ?? null);
  }
  return out;
}
