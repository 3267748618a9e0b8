import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../core/index.js';
import { type CalendarEvent, loadCalendarFile } from '../../risk/index.js';
import { parseIcs } from './ics.js';

/** The user's event calendar: YAML, CSV (see docs/risk.md) or iCalendar (`.ics`). */
export function loadUserCalendar(file: string): CalendarEvent[] {
  if (path.extname(file).toLowerCase() !== '.ics') return loadCalendarFile(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read calendar file ${file}: ${(err as Error).message}`);
  }
  return parseIcs(text, `calendar file ${file}`);
}
