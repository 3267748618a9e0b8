import { describe, expect, it } from 'vitest';
import { blackoutWindows, BlackoutIndex } from './blackouts.js';
import type { CalendarEvent } from './calendar.types.js';
import { entry, feedFlat, HOUR_MS, recordingEngine, riskConfig, utc } from './test-helpers.js';

const EVENTS: CalendarEvent[] = [
  { time: utc('2025-01-08T16:00'), label: 'round 900 resolves', beforeMinutes: 30, afterMinutes: 0 },
  { time: utc('2025-01-08T12:00'), label: 'Numerai announcement' },
];

describe('blackoutWindows', () => {
  it('opens each window before - to after the event, sorted, with per-event overrides', () => {
    expect(blackoutWindows(EVENTS, riskConfig().events)).toEqual([
      { start: utc('2025-01-08T11:00'), end: utc('2025-01-08T13:00'), label: 'Numerai announcement' },
      { start: utc('2025-01-08T15:30'), end: utc('2025-01-08T16:00'), label: 'round 900 resolves' },
    ]);
  });
});

describe('BlackoutIndex', () => {
  it('merges overlapping windows and finds them by binary search', () => {
    const index = new BlackoutIndex([
      { start: utc('2025-01-08T10:00'), end: utc('2025-01-08T11:00'), label: 'a' },
      { start: utc('2025-01-08T10:30'), end: utc('2025-01-08T12:00'), label: 'b' },
      { start: utc('2025-01-09T10:00'), end: utc('2025-01-09T10:00'), label: 'empty' },
    ]);
    expect(index.find(utc('2025-01-08T11:30'))).toEqual({
      start: utc('2025-01-08T10:00'),
      end: utc('2025-01-08T12:00'),
      labels: ['a', 'b'],
    });
    expect(index.find(utc('2025-01-08T12:00'))).toBeUndefined();
    expect(index.find(utc('2025-01-09T10:00')), 'an empty window blacks out nothing').toBeUndefined();
  });
});

describe('event blackouts in the engine (synthetic flat bars)', () => {
  function engine() {
    const risk = riskConfig();
    const made = recordingEngine(risk, { blackouts: blackoutWindows(EVENTS, risk.events) });
    feedFlat(made.engine, utc('2025-01-07T10:00'), utc('2025-01-08T10:00'));
    return made.engine;
  }

  it('refuses entries in [event - 60 min, event + 60 min) and allows them just outside', () => {
    const e = engine();
    const qty = (iso: string) => e.checkEntry(entry({ time: utc(iso) })).quantity;
    expect(qty('2025-01-08T10:59:59.999')).toBe(100);
    expect(qty('2025-01-08T11:00')).toBe(0);
    expect(qty('2025-01-08T12:59')).toBe(0);
    expect(qty('2025-01-08T13:00')).toBe(100);
    expect(qty('2025-01-08T15:29')).toBe(100);
    expect(qty('2025-01-08T15:30')).toBe(0);
    expect(qty('2025-01-08T16:00'), 'afterMinutes 0 ends the window at the event').toBe(100);
  });

  it('names the event and the window', () => {
    const verdict = engine().checkEntry(entry({ time: utc('2025-01-08T12:30') }));
    expect(verdict.decisions).toMatchObject([
      {
        rule: 'event_blackout',
        outcome: 'refused',
        numbers: { blackoutStart: utc('2025-01-08T11:00'), blackoutEnd: utc('2025-01-08T13:00') },
      },
    ]);
    expect(verdict.decisions[0]?.message).toBe(
      'no entries from 2025-01-08T11:00:00.000Z to 2025-01-08T13:00:00.000Z around "Numerai announcement"',
    );
  });

  it('has no effect without a calendar', () => {
    const { engine: e } = recordingEngine();
    feedFlat(e, utc('2025-01-07T12:00'), utc('2025-01-08T12:00'), HOUR_MS);
    expect(e.checkEntry(entry({ time: utc('2025-01-08T12:00') })).quantity).toBe(100);
  });
});
