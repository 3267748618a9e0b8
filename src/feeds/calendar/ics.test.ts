import { describe, expect, it } from 'vitest';
import { parseIcs } from './ics.js';

const ics = (...events: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events, 'END:VCALENDAR'].join('\r\n');

describe('parseIcs', () => {
  it('reads UTC, TZID=UTC and all-day starts, unfolds lines and unescapes summaries', () => {
    const text = ics(
      'BEGIN:VEVENT',
      'DTSTART:20250301T120000Z',
      'SUMMARY:Numerai\\, CoE',
      '  announcement',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;TZID=UTC:20250302T083000',
      'SUMMARY:Round 900 resolves',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20250303',
      'END:VEVENT',
    );
    expect(parseIcs(text, 'cal.ics')).toEqual([
      { time: Date.UTC(2025, 2, 1, 12), label: 'Numerai, CoE announcement' },
      { time: Date.UTC(2025, 2, 2, 8, 30), label: 'Round 900 resolves' },
      { time: Date.UTC(2025, 2, 3), label: 'event at line 11' },
    ]);
  });

  it('refuses local times and broken events, naming file and line', () => {
    expect(() =>
      parseIcs(ics('BEGIN:VEVENT', 'DTSTART;TZID=Europe/Berlin:20250301T120000', 'END:VEVENT'), 'c.ics'),
    ).toThrow('c.ics line 4: DTSTART in time zone Europe/Berlin; write calendar times in UTC (…Z)');
    expect(() => parseIcs(ics('BEGIN:VEVENT', 'DTSTART:20250301T120000', 'END:VEVENT'), 'c.ics')).toThrow(
      'c.ics line 4: DTSTART "20250301T120000" is floating local time; write it in UTC (…Z)',
    );
    expect(() => parseIcs(ics('BEGIN:VEVENT', 'SUMMARY:x', 'END:VEVENT'), 'c.ics')).toThrow(
      'c.ics: the event starting at line 3 has no DTSTART',
    );
    expect(() => parseIcs(ics('BEGIN:VEVENT', 'DTSTART:2025-03-01', 'END:VEVENT'), 'c.ics')).toThrow(
      'is not an iCalendar date-time',
    );
  });
});
