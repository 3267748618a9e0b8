import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type EpochMs, InputError } from '../core/index.js';
import { parseCsv } from './calendar-csv.js';
import type { CalendarEvent } from './calendar.types.js';
import { parseEventTime } from './event-time.js';

const FIELDS = ['time', 'label', 'beforeMinutes', 'afterMinutes'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Reads an event calendar: YAML (`.yaml`, `.yml`: a list of entries, or `events:` holding one) or CSV
 * (`.csv` with a header row). Each entry has `time` (ISO-8601 with a zone, or epoch ms), `label`, and
 * optionally `beforeMinutes`/`afterMinutes` overriding the configured blackout.
 * @throws InputError naming the file, the entry or row, and the field
 */
export function loadCalendarFile(file: string): CalendarEvent[] {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.yaml' && ext !== '.yml' && ext !== '.csv')
    throw new InputError(`calendar file ${file}: unknown format "${ext}" (use .yaml, .yml or .csv)`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read calendar file ${file}: ${(err as Error).message}`);
  }
  return ext === '.csv' ? parseCalendarCsv(text, file) : parseCalendarYaml(text, file);
}

/** Parses calendar YAML; `source` names the file in errors. */
export function parseCalendarYaml(text: string, source: string): CalendarEvent[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new InputError(`calendar file ${source}: not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return [];
  const list = isRecord(doc) && 'events' in doc ? doc.events : doc;
  if (!Array.isArray(list))
    throw new InputError(`calendar file ${source}: expected a list of events (or "events:" holding one)`);
  return list.map((entry: unknown, i) => {
    const where = `calendar file ${source}: entry ${i + 1}`;
    if (!isRecord(entry)) throw new InputError(`${where}: must be a mapping with time and label`);
    return readEvent(entry, where);
  });
}

/** Parses calendar CSV (header row: time,label[,beforeMinutes][,afterMinutes]); `source` names the file. */
export function parseCalendarCsv(text: string, source: string): CalendarEvent[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    throw new InputError(`calendar file ${source}: ${(err as Error).message}`);
  }
  const [header, ...rows] = records;
  if (header === undefined) return [];
  const columns = header.cells.map((c) => c.trim());
  for (const c of columns) {
    if (!(FIELDS as readonly string[]).includes(c))
      throw new InputError(
        `calendar file ${source}: line ${header.line}: unknown column "${c}" (columns: ${FIELDS.join(', ')})`,
      );
  }
  for (const required of ['time', 'label'] as const) {
    if (!columns.includes(required))
      throw new InputError(
        `calendar file ${source}: line ${header.line}: the header has no "${required}" column`,
      );
  }
  return rows.map((row, i) => {
    const where = `calendar file ${source}: row ${i + 1} (line ${row.line})`;
    if (row.cells.length !== columns.length)
      throw new InputError(`${where}: has ${row.cells.length} cells, the header ${columns.length}`);
    const entry: Record<string, unknown> = {};
    columns.forEach((c, k) => {
      const cell = (row.cells[k] ?? '').trim();
      if (cell !== '') entry[c] = cell;
    });
    return readEvent(entry, where);
  });
}

function readEvent(entry: Record<string, unknown>, where: string): CalendarEvent {
  for (const key of Object.keys(entry)) {
    if (!(FIELDS as readonly string[]).includes(key))
      throw new InputError(`${where}: unknown field "${key}" (fields: ${FIELDS.join(', ')})`);
  }
  const fail = (field: Field, reason: string): never => {
    throw new InputError(`${where}: ${field}: ${reason}`);
  };
  if (entry.time === undefined) fail('time', 'is required');
  const time = parseEventTime(entry.time);
  if ('error' in time) return fail('time', time.error);
  const label = entry.label;
  if (typeof label !== 'string' || label.trim() === '')
    return fail('label', label === undefined ? 'is required' : 'must be non-empty text');
  return {
    time: time.time as EpochMs,
    label: label.trim(),
    beforeMinutes: minutes(entry.beforeMinutes, (reason) => fail('beforeMinutes', reason)),
    afterMinutes: minutes(entry.afterMinutes, (reason) => fail('afterMinutes', reason)),
  };
}

function minutes(value: unknown, fail: (reason: string) => never): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    return fail(`must be a whole number of minutes >= 0 (got ${JSON.stringify(value)})`);
  return n;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
