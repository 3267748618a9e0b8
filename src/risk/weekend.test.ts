import { describe, expect, it } from 'vitest';
import { entry, feedFlat, HOUR_MS, recordingEngine, riskConfig, utc } from './test-helpers.js';
import { isWeekendUtc } from './weekend.js';

describe('isWeekendUtc', () => {
  it('is true from Saturday 00:00 to Sunday 23:59:59.999 UTC only', () => {
    expect(isWeekendUtc(utc('2025-01-10T23:59:59.999'))).toBe(false); // Friday
    expect(isWeekendUtc(utc('2025-01-11T00:00'))).toBe(true); // Saturday
    expect(isWeekendUtc(utc('2025-01-12T23:59:59.999'))).toBe(true); // Sunday
    expect(isWeekendUtc(utc('2025-01-13T00:00'))).toBe(false); // Monday
    expect(isWeekendUtc(utc('1969-12-27T12:00')), 'before the epoch too').toBe(true);
  });
});

describe('weekend policy (synthetic flat bars)', () => {
  it('refuses a manual override on Saturday 00:00 UTC and allows one on Friday 23:59', () => {
    const { engine, decisions } = recordingEngine();
    expect(engine.checkManual('override', utc('2025-01-10T23:59'))).toBeUndefined();
    const refused = engine.checkManual('override', utc('2025-01-11T00:00'));
    expect(refused).toMatchObject({
      time: utc('2025-01-11T00:00'),
      rule: 'weekend_manual',
      outcome: 'refused',
      origin: 'manual',
    });
    expect(refused?.message).toBe(
      'a manual override refused at the weekend (2025-01-11T00:00:00.000Z): trading is fully automated on ' +
        'Saturday and Sunday UTC; a safety halt stays allowed',
    );
    expect(decisions).toEqual([refused]);
  });

  it('always allows a safety halt, on Sunday too', () => {
    const { engine, decisions } = recordingEngine();
    expect(engine.checkManual('safety_halt', utc('2025-01-12T15:00'))).toBeUndefined();
    expect(decisions).toEqual([]);
  });

  it('refuses manual entries at the weekend but lets automated ones through', () => {
    const { engine } = recordingEngine();
    const sunday = utc('2025-01-12T12:00');
    feedFlat(engine, sunday - 24 * HOUR_MS, sunday);
    expect(engine.checkEntry(entry({ time: sunday, origin: 'manual' })).decisions).toMatchObject([
      { rule: 'weekend_manual', outcome: 'refused', origin: 'manual' },
    ]);
    expect(engine.checkEntry(entry({ time: sunday, origin: 'auto' })).quantity).toBe(100);
    expect(engine.checkEntry(entry({ time: utc('2025-01-10T12:00'), origin: 'manual' })).quantity).toBe(100);
  });

  it('allows weekend overrides when refuseManualOverrides is off', () => {
    const { engine } = recordingEngine(riskConfig({ weekends: { refuseManualOverrides: false } }));
    expect(engine.checkManual('override', utc('2025-01-11T00:00'))).toBeUndefined();
  });
});
