import { describe, expect, it } from 'vitest';
import { entry, feedFlat, funding, HOUR_MS, recordingEngine, riskConfig, utc } from './test-helpers.js';

const SETTLED = utc('2025-01-08T08:00');
const NEXT = utc('2025-01-08T16:00');
const BEFORE_30 = utc('2025-01-08T15:30');

function engineWithRate(rate: number, risk = riskConfig()) {
  const made = recordingEngine(risk);
  feedFlat(made.engine, SETTLED - 24 * HOUR_MS, SETTLED);
  made.engine.onFunding(funding(SETTLED, rate, 8));
  return made.engine;
}

describe('funding-cycle awareness (synthetic flat bars)', () => {
  it('at +0.05%, 30 min before the settlement, refuses a long with edge 0.0003 and accepts 0.0006 and a short', () => {
    const engine = engineWithRate(0.0005);
    const refused = engine.checkEntry(entry({ time: BEFORE_30, desiredQuantity: 100, expectedEdge: 0.0003 }));
    expect(refused.quantity).toBe(0);
    expect(refused.decisions).toMatchObject([
      {
        rule: 'funding_cycle',
        outcome: 'refused',
        numbers: {
          rate: 0.0005,
          nextSettlement: NEXT,
          minutesToSettlement: 30,
          fundingCost: 0.0005,
          expectedEdge: 0.0003,
        },
      },
    ]);
    expect(refused.decisions[0]?.message).toBe(
      'long entry 30 min before the funding settlement at 2025-01-08T16:00:00.000Z pays the rate +0.05%; ' +
        'its expected edge 0.03% is below the 0.05% needed: wait for the settlement',
    );
    expect(engine.checkEntry(entry({ time: BEFORE_30, expectedEdge: 0.0006 })).quantity).toBe(100);
    expect(engine.checkEntry(entry({ time: BEFORE_30, desiredQuantity: -100 })).quantity).toBe(-100);
  });

  it('makes shorts wait when the rate is negative', () => {
    const engine = engineWithRate(-0.0005);
    expect(engine.checkEntry(entry({ time: BEFORE_30, desiredQuantity: -100 })).decisions[0]?.rule).toBe(
      'funding_cycle',
    );
    expect(engine.checkEntry(entry({ time: BEFORE_30, desiredQuantity: 100 })).quantity).toBe(100);
  });

  it('applies only inside the window: 61 min before and at the settlement itself it lets the long in', () => {
    const engine = engineWithRate(0.0005);
    expect(engine.checkEntry(entry({ time: utc('2025-01-08T14:59') })).quantity).toBe(100);
    expect(engine.checkEntry(entry({ time: utc('2025-01-08T15:00') })).quantity).toBe(0);
    expect(engine.checkEntry(entry({ time: NEXT })).quantity, 'the next one is 8 h away').toBe(100);
  });

  it('rolls the last settlement forward by whole intervals (4 h) and snaps a :00.001 stamp to the minute', () => {
    const made = recordingEngine();
    feedFlat(made.engine, SETTLED - 24 * HOUR_MS, SETTLED);
    made.engine.onFunding(funding(SETTLED + 1, 0.0005, 4));
    // Next settlements: 12:00, 16:00, 20:00; 19:30 is 30 min before 20:00.
    const verdict = made.engine.checkEntry(entry({ time: utc('2025-01-08T19:30') }));
    expect(verdict.decisions[0]?.numbers.nextSettlement).toBe(utc('2025-01-08T20:00'));
  });

  it('scales the cost by edgeMultiple', () => {
    const engine = engineWithRate(0.0005, riskConfig({ fundingCycle: { edgeMultiple: 2 } }));
    const refused = engine.checkEntry(entry({ time: BEFORE_30, expectedEdge: 0.0009 }));
    expect(refused.quantity).toBe(0);
    expect(refused.decisions[0]?.message).toContain('below the 0.1% needed (2 x the rate)');
    expect(engine.checkEntry(entry({ time: BEFORE_30, expectedEdge: 0.001 })).quantity).toBe(100);
  });

  it('is skipped before any funding event and when windowMinutes is 0', () => {
    const { engine } = recordingEngine();
    feedFlat(engine, SETTLED - 24 * HOUR_MS, SETTLED);
    expect(engine.checkEntry(entry({ time: BEFORE_30 })).quantity).toBe(100);
    const off = engineWithRate(0.0005, riskConfig({ fundingCycle: { windowMinutes: 0 } }));
    expect(off.checkEntry(entry({ time: BEFORE_30 })).quantity).toBe(100);
  });
});
