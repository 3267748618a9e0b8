import { describe, expect, it } from 'vitest';
import { entry, feedFlat, HOUR_MS, recordingEngine, riskConfig, utc } from './test-helpers.js';

const DAY = '2025-01-08';
const at = (hhmm: string) => utc(`${DAY}T${hhmm}`);

function engineFor(thinHours?: Record<string, unknown>) {
  const made = recordingEngine(riskConfig(thinHours === undefined ? {} : { thinHours }));
  feedFlat(made.engine, at('00:00') - 24 * HOUR_MS, at('00:00'));
  return made;
}

function allowed(engine: ReturnType<typeof engineFor>['engine'], time: number): boolean {
  return engine.checkEntry(entry({ time: time as never })).quantity === 100;
}

describe('thin hours (synthetic flat bars)', () => {
  it('allows 01:59 and 06:00, refuses 02:00 and 05:59 with the default 02:00-06:00 UTC window', () => {
    const { engine } = engineFor();
    expect(allowed(engine, at('01:59'))).toBe(true);
    expect(allowed(engine, at('02:00'))).toBe(false);
    expect(allowed(engine, at('05:59'))).toBe(false);
    expect(allowed(engine, at('06:00'))).toBe(true);
  });

  it('names the window in the refusal', () => {
    const { engine } = engineFor();
    const verdict = engine.checkEntry(entry({ time: at('02:00') }));
    expect(verdict.decisions).toMatchObject([
      { rule: 'thin_hours', outcome: 'refused', numbers: { startHourUtc: 2, endHourUtc: 6 } },
    ]);
    expect(verdict.decisions[0]?.message).toBe(
      'no new entries in the thin hours 02:00-06:00 UTC (now 2025-01-08T02:00:00.000Z)',
    );
  });

  it('wraps past midnight: a 22 -> 3 window refuses 22:00 to 02:59 and allows 21:59 and 03:00', () => {
    const { engine } = engineFor({ startHourUtc: 22, endHourUtc: 3 });
    expect(allowed(engine, at('21:59'))).toBe(true);
    expect(allowed(engine, at('22:00'))).toBe(false);
    expect(allowed(engine, at('23:59'))).toBe(false);
    expect(allowed(engine, at('00:00'))).toBe(false);
    expect(allowed(engine, at('02:59'))).toBe(false);
    expect(allowed(engine, at('03:00'))).toBe(true);
    expect(allowed(engine, at('12:00'))).toBe(true);
  });

  it('allows entries inside the window when noEntries is off', () => {
    const { engine } = engineFor({ noEntries: false });
    expect(allowed(engine, at('03:00'))).toBe(true);
  });
});
