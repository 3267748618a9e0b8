import { Document, isMap, isScalar, isSeq, stringify, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { InvariantError } from '../core/index.js';
import { defaultConfig } from './parse.js';
import { configSchema } from './schema.js';
import { arrayElement, fieldDoc, isOptionalField, objectFields } from './schema-walk.js';

const HEADER = [
  ' nmrbot configuration. Every setting is shown with its default value.',
  ' Delete a line, or leave its value empty, to use the default; unknown keys are errors.',
  ' Fractions are plain numbers (0.025 = 2.5%); hours are UTC.',
  ' Secrets never go in this file: set the environment variables named by the *Env fields.',
  ' Check it with: nmrbot config check',
].join('\n');

/**
 * The commented default `nmrbot.yaml`: every field with its default and a one-line comment
 * giving its meaning and unit. Fields without a default (derived or unset) appear commented out.
 * Parsing the text gives exactly `defaultConfig()`.
 */
export function defaultConfigYaml(): string {
  const doc = new Document(defaultConfig());
  doc.commentBefore = HEADER;
  layoutMap(doc.contents as YAMLMap, configSchema, [], true);
  return doc.toString({ lineWidth: 0 });
}

/**
 * A config as YAML for printing, without field comments (lists inline). Redact it first
 * (`redact`) if it could hold secrets. `header` becomes a leading comment.
 */
export function configToYaml(config: unknown, header?: string): string {
  const doc = new Document(config);
  if (header !== undefined) doc.commentBefore = ` ${header}`;
  if (isMap(doc.contents)) layoutMap(doc.contents, configSchema, [], false);
  return doc.toString({ lineWidth: 0 });
}

/** Adds comments (when `comments`) and picks block or flow style, following the schema's fields. */
function layoutMap(map: YAMLMap, schema: z.ZodType, path: readonly string[], comments: boolean): void {
  let pending: string[] = [];
  for (const [key, field] of objectFields(schema)) {
    const fieldPath = [...path, key].join('.');
    const index = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === key);
    const pair = map.items[index];
    const lines = comments ? commentLines(field, fieldPath) : [];
    if (comments && isOptionalField(field)) {
      // No default to write: show the field commented out, with its derived value or an example.
      const shown: unknown =
        pair === undefined ? fieldDoc(field).example : (pair.value as { toJSON(): unknown }).toJSON();
      if (pair !== undefined) map.items.splice(index, 1);
      pending.push(...lines, ` ${key}: ${shown === undefined ? '' : stringify(shown).trim()}`);
      continue;
    }
    if (pair === undefined || !isScalar(pair.key)) continue;
    if (comments) {
      pair.key.commentBefore = [...pending, ...lines].join('\n');
      pending = [];
      if (path.length === 0 && index > 0) pair.key.spaceBefore = true;
    }
    if (isMap(pair.value)) layoutMap(pair.value, field, [...path, key], comments);
    if (isSeq(pair.value)) {
      const element = arrayElement(field);
      const ofObjects = element !== undefined && objectFields(element).length > 0;
      if (ofObjects) for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      if (!ofObjects) pair.value.flow = true;
    }
  }
  if (pending.length > 0) map.comment = pending.join('\n');
}

/** The field's description, plus one line per column for lists of objects (such as tiers). */
function commentLines(field: z.ZodType, path: string): string[] {
  const { description } = fieldDoc(field);
  if (description === undefined) throw new InvariantError(`config field ${path} has no description`);
  const element = arrayElement(field);
  const columns = element === undefined ? [] : objectFields(element);
  return [
    ` ${description}`,
    ...columns.map(([name, column]) => {
      const doc = fieldDoc(column).description;
      if (doc === undefined) throw new InvariantError(`config field ${path}[].${name} has no description`);
      return `   ${name}: ${doc}`;
    }),
  ];
}
