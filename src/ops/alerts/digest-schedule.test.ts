import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/index.js';
import { type ConfigError, DAY_MS, MINUTE_MS } from '../../core/index.js';
import { digestMinutes, nextDigestTime } from './digest-schedule.js';

const MON = Date.UTC(2025, 0, 6);

describe('nextDigestTime', () => {
  it('gives the next configured time of day, UTC, rolling over midnight', () => {
    const times = ['20:00', '08:00'];
    expect(nextDigestTime(MON + 7 * 60 * MINUTE_MS, times)).toBe(Date.UTC(2025, 0, 6, 8));
    expect(nextDigestTime(Date.UTC(2025, 0, 6, 8), times), 'strictly after now').toBe(
      Date.UTC(2025, 0, 6, 20),
    );
    expect(nextDigestTime(Date.UTC(2025, 0, 6, 21, 30), times)).toBe(Date.UTC(2025, 0, 7, 8));
    expect(nextDigestTime(Date.UTC(2025, 0, 6, 23, 59, 59, 999), ['00:00'])).toBe(Date.UTC(2025, 0, 7));
  });

  it('is the first configured time after now, within a day (property)', () => {
    const hhmm = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.array(hhmm, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 365 * DAY_MS }),
        (times, offset) => {
          const now = MON + offset;
          const next = nextDigestTime(now, times);
          const minutes = digestMinutes(times);
          expect(next).toBeGreaterThan(now);
          expect(next - now).toBeLessThanOrEqual(DAY_MS);
          expect(minutes).toContain((((next % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
          // no configured time lies strictly between now and next
          for (let t = Math.floor(now / MINUTE_MS + 1) * MINUTE_MS; t < next; t += MINUTE_MS)
            expect(minutes).not.toContain((t % DAY_MS) / MINUTE_MS);
        },
      ),
      { seed: 20261126, numRuns: 60 },
    );
  });

  it('refuses a time that is not HH:MM, in the config and here, naming it', () => {
    let issues: readonly string[] = [];
    try {
      parseConfig({ alerts: { digest: { times: ['8:00'] } } }, 'nmrbot.yaml');
    } catch (err) {
      issues = (err as ConfigError).issues;
    }
    expect(issues).toHaveLength(1);
    expect(issues[0]).toBe('alerts.digest.times[0]: must be HH:MM, 24-hour UTC, e.g. 08:00 (got "8:00")');
    expect(() => digestMinutes(['24:00'])).toThrow(
      'alerts.digest.times: "24:00" is not HH:MM (UTC, 00:00 to 23:59)',
    );
  });
});
