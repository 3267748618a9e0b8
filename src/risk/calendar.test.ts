import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { loadCalendarFile, parseCalendarCsv, parseCalendarYaml } from './calendar.js';
import { utc } from './test-helpers.js';

describe('loadCalendarFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-calendar-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('reads YAML: ISO-8601 UTC or epoch-ms times, labels and per-event minutes', () => {
    const file = write(
      'events.yaml',
      [
        'events:',
        '  - time: 2025-01-08T12:00:00Z',
        '    label: Numerai round 900 resolves',
        '  - { time: 1736424000000, label: "AMA on Discord", beforeMinutes: 15, afterMinutes: 90 }',
        '  - time: "2025-01-10T09:30:00+01:00"',
        '    label: Offset times are converted',
      ].join('\n'),
    );
    expect(loadCalendarFile(file)).toEqual([
      { time: utc('2025-01-08T12:00'), label: 'Numerai round 900 resolves' },
      { time: utc('2025-01-09T12:00'), label: 'AMA on Discord', beforeMinutes: 15, afterMinutes: 90 },
      { time: utc('2025-01-10T08:30'), label: 'Offset times are converted' },
    ]);
  });

  it('reads a top-level YAML list (.yml) and an empty file', () => {
    expect(loadCalendarFile(write('a.yml', '- time: 2025-01-08T12:00Z\n  label: x\n'))).toHaveLength(1);
    expect(loadCalendarFile(write('empty.yaml', ''))).toEqual([]);
  });

  it('reads CSV with a header, quoted labels and empty optional cells', () => {
    const file = write(
      'events.csv',
      [
        '\ufefftime,label,beforeMinutes,afterMinutes',
        '2025-01-08T12:00:00Z,"Round 900, resolution",30,',
        '',
        '1736424000000,"He said ""hold""",,0',
      ].join('\r\n'),
    );
    expect(loadCalendarFile(file)).toEqual([
      { time: utc('2025-01-08T12:00'), label: 'Round 900, resolution', beforeMinutes: 30 },
      { time: utc('2025-01-09T12:00'), label: 'He said "hold"', afterMinutes: 0 },
    ]);
  });

  it('names the file, the entry and the field of a bad YAML entry', () => {
    const file = write(
      'bad.yaml',
      '- time: 2025-01-08T12:00Z\n  label: ok\n- time: 2025-01-08 12:00\n  label: no zone\n',
    );
    expect(() => loadCalendarFile(file)).toThrow(InputError);
    expect(() => loadCalendarFile(file)).toThrow(
      `calendar file ${file}: entry 2: time: cannot read "2025-01-08 12:00" as an ISO-8601 UTC time such as ` +
        '2025-01-06T12:00:00Z or epoch ms (it has no time zone: end it with Z for UTC)',
    );
  });

  it('names the file, row, line and field of a bad CSV row', () => {
    const file = write(
      'bad.csv',
      'time,label,afterMinutes\n2025-01-08T12:00Z,a,10\n2025-01-08T13:00Z,b,-5\n',
    );
    expect(() => loadCalendarFile(file)).toThrow(
      `calendar file ${file}: row 2 (line 3): afterMinutes: must be a whole number of minutes >= 0 (got "-5")`,
    );
  });

  it('refuses an unknown extension and a missing file', () => {
    expect(() => loadCalendarFile(write('events.json', '[]'))).toThrow(
      /unknown format "\.json" \(use \.yaml, \.yml or \.csv\)/,
    );
    expect(() => loadCalendarFile(path.join(dir, 'nope.csv'))).toThrow(
      /^cannot read calendar file .*nope\.csv: ENOENT/,
    );
  });
});

describe('calendar entry errors', () => {
  const yamlError = (text: string): string => {
    try {
      parseCalendarYaml(text, 'cal.yaml');
    } catch (err) {
      return (err as Error).message;
    }
    return 'no error';
  };
  const csvError = (text: string): string => {
    try {
      parseCalendarCsv(text, 'cal.csv');
    } catch (err) {
      return (err as Error).message;
    }
    return 'no error';
  };

  it.each([
    ['- label: x', 'calendar file cal.yaml: entry 1: time: is required'],
    ['- time: 2025-01-08T12:00Z', 'calendar file cal.yaml: entry 1: label: is required'],
    [
      '- { time: 2025-01-08T12:00Z, label: "  " }',
      'calendar file cal.yaml: entry 1: label: must be non-empty text',
    ],
    [
      '- { time: 2025-02-30T12:00Z, label: x }',
      'calendar file cal.yaml: entry 1: time: "2025-02-30T12:00Z" is not a real date and time',
    ],
    [
      '- { time: 1736424000, label: x }',
      'calendar file cal.yaml: entry 1: time: 1736424000 is too small for epoch ms (it looks like epoch seconds; multiply by 1000)',
    ],
    [
      '- { time: 2025-01-08T12:00Z, label: x, lable: y }',
      'calendar file cal.yaml: entry 1: unknown field "lable" (fields: time, label, beforeMinutes, afterMinutes)',
    ],
    [
      '- { time: 2025-01-08T12:00Z, label: x, beforeMinutes: 1.5 }',
      'calendar file cal.yaml: entry 1: beforeMinutes: must be a whole number of minutes >= 0 (got 1.5)',
    ],
    ['- just text', 'calendar file cal.yaml: entry 1: must be a mapping with time and label'],
    ['when: tomorrow', 'calendar file cal.yaml: expected a list of events (or "events:" holding one)'],
  ])('YAML %j', (text, message) => {
    expect(yamlError(text)).toBe(message);
  });

  it.each([
    [
      'time,name\n',
      'calendar file cal.csv: line 1: unknown column "name" (columns: time, label, beforeMinutes, afterMinutes)',
    ],
    ['label\nx\n', 'calendar file cal.csv: line 1: the header has no "time" column'],
    ['time,label\n2025-01-08T12:00Z\n', 'calendar file cal.csv: row 1 (line 2): has 1 cells, the header 2'],
    ['time,label\n2025-01-08T12:00Z,"open\n', 'calendar file cal.csv: line 2: a quoted cell is never closed'],
  ])('CSV %j', (text, message) => {
    expect(csvError(text)).toBe(message);
  });
});
