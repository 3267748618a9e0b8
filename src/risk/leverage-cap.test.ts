import { describe, expect, it } from 'vitest';
import { entry, feedFlat, HOUR_MS, recordingEngine, riskConfig, utc } from './test-helpers.js';

const NOON = utc('2025-01-08T12:00');

function liquid(risk = riskConfig()) {
  const made = recordingEngine(risk);
  feedFlat(made.engine, NOON - 24 * HOUR_MS, NOON);
  return made.engine;
}

describe('leverage cap (synthetic flat bars)', () => {
  it('cuts 5x to the standard 3x and scales 100 NMR to 60 NMR (same margin, 166.67 USDT)', () => {
    const verdict = liquid().checkEntry(entry({ time: NOON, leverage: 5, desiredQuantity: 100 }));
    expect(verdict.leverage).toBe(3);
    expect(verdict.quantity).toBe(60);
    expect(verdict.decisions).toMatchObject([
      {
        rule: 'leverage_cap',
        outcome: 'resized',
        numbers: { askedLeverage: 5, maxLeverage: 3, desiredQuantity: 100, allowedQuantity: 60 },
      },
    ]);
    expect(verdict.decisions[0]?.message).toBe(
      'leverage 5x is above the cap of 3x: cut to 3x and the position from 100 to 60 (same margin)',
    );
  });

  it('follows the profile: beginner 2x, experienced 5x', () => {
    expect(
      liquid(riskConfig({ profile: 'beginner' })).checkEntry(entry({ time: NOON, leverage: 3 })),
    ).toMatchObject({
      leverage: 2,
      quantity: 66.6,
    });
    expect(
      liquid(riskConfig({ profile: 'experienced' })).checkEntry(entry({ time: NOON, leverage: 5 })),
    ).toEqual({
      leverage: 5,
      quantity: 100,
      decisions: [],
    });
  });

  it('scales the whole position when growing one, short side included', () => {
    // -200 at 5x -> -120 at 3x; 50 NMR are held already, so the order adds 70.
    const verdict = liquid().checkEntry(
      entry({ time: NOON, currentQuantity: -50, desiredQuantity: -200, leverage: 5 }),
    );
    expect(verdict.quantity).toBe(-120);
  });

  it('refuses when the scaled position is not above the current one', () => {
    const verdict = liquid().checkEntry(
      entry({ time: NOON, currentQuantity: 100, desiredQuantity: 150, leverage: 5 }),
    );
    expect(verdict).toMatchObject({ quantity: 100, leverage: 3 });
    expect(verdict.decisions).toMatchObject([{ rule: 'leverage_cap', outcome: 'refused' }]);
  });

  it('leaves asked leverage at or below the cap alone', () => {
    expect(liquid().checkEntry(entry({ time: NOON, leverage: 2 }))).toEqual({
      leverage: 2,
      quantity: 100,
      decisions: [],
    });
  });
});
