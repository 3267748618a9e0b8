import { type EpochMs, InputError } from '../../core/index.js';
import type { CalendarEvent } from '../../risk/index.js';

/**
 * The events of an iCalendar file (RFC 5545): each VEVENT's DTSTART (UTC `...Z`, a `TZID=UTC` or a
 * date) and SUMMARY. Folded lines are unfolded. Times with another TZID are refused by name: nmrbot
 * keeps time in UTC and will not guess a zone.
 */
export function parseIcs(text: string, source: string): CalendarEvent[] {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const events: CalendarEvent[] = [];
  let current: { start?: EpochMs; summary?: string; line: number } | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line === 'BEGIN:VEVENT') current = { line: i + 1 };
    else if (line === 'END:VEVENT') {
      if (!current) throw new InputError(`${source} line ${i + 1}: END:VEVENT without BEGIN:VEVENT`);
      if (current.start === undefined)
        throw new InputError(`${source}: the event starting at line ${current.line} has no DTSTART`);
      events.push({ time: current.start, label: current.summary ?? `event at line ${current.line}` });
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(':');
      if (colon < 0) return;
      const [name, ...params] = line.slice(0, colon).split(';');
      const value = line.slice(colon + 1);
      if (name === 'SUMMARY') current.summary = value.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, ' ');
      if (name === 'DTSTART') current.start = icsTime(value, params, `${source} line ${i + 1}`);
    }
  });
  if (current)
    throw new InputError(`${source}: the event starting at line ${current.line} has no END:VEVENT`);
  return events;
}

function icsTime(value: string, params: readonly string[], where: string): EpochMs {
  const tzid = params.find((p) => p.startsWith('TZID='))?.slice(5);
  if (tzid !== undefined && tzid.toUpperCase() !== 'UTC') {
    throw new InputError(`${where}: DTSTART in time zone ${tzid}; write calendar times in UTC (…Z)`);
  }
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!m)
    throw new InputError(`${where}: DTSTART "${value}" is not an iCalendar date-time (YYYYMMDDTHHMMSSZ)`);
  if (m[4] !== undefined && m[7] !== 'Z' && tzid === undefined) {
    throw new InputError(`${where}: DTSTART "${value}" is floating local time; write it in UTC (…Z)`);
  }
  const t = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  if (!Number.isFinite(t)) throw new InputError(`${where}: DTSTART "${value}" is not a valid date`);
  return t as EpochMs;
}
