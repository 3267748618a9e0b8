import { describe, expect, it } from 'vitest';
import { RiskEngine } from './risk-engine.js';
import { entry, feedFlat, recordingEngine, riskConfig, SYMBOL, utc } from './test-helpers.js';

function liquid() {
  const made = recordingEngine();
  feedFlat(made.engine, utc('2025-01-07T00:00'), utc('2025-01-08T00:00'));
  return made;
}

describe('daily loss halt (synthetic equity path)', () => {
  it("halts entries when equity falls below the UTC day's first equity less 5%, until the next midnight", () => {
    const { engine, decisions } = liquid();
    engine.onEquity(utc('2025-01-08T00:00'), 10_000);
    engine.onEquity(utc('2025-01-08T09:00'), 9_600);
    engine.onEquity(utc('2025-01-08T10:00'), 9_500); // exactly the floor: not below it
    expect(decisions).toEqual([]);
    engine.onEquity(utc('2025-01-08T11:00'), 9_499);
    expect(decisions).toMatchObject([
      {
        time: utc('2025-01-08T11:00'),
        rule: 'daily_loss_halt',
        outcome: 'halted',
        numbers: {
          equity: 9_499,
          dayStartEquity: 10_000,
          floor: 9_500,
          haltedUntil: utc('2025-01-09T00:00'),
        },
      },
    ]);
    expect(decisions[0]?.message).toBe(
      "equity 9,499 is below the day's start 10,000 less 5% = 9,500: entries halted until " +
        '2025-01-09T00:00:00.000Z (next UTC midnight)',
    );
    expect(engine.view(utc('2025-01-08T23:59'))).toMatchObject({
      haltedUntil: utc('2025-01-09T00:00'),
      haltRule: 'daily_loss_halt',
    });
    expect(engine.checkEntry(entry({ time: utc('2025-01-08T23:59') })).decisions).toMatchObject([
      { rule: 'daily_loss_halt', outcome: 'refused' },
    ]);
  });

  it('resumes at midnight and measures the new day from its first equity', () => {
    const { engine, decisions } = liquid();
    engine.onEquity(utc('2025-01-08T00:00'), 10_000);
    engine.onEquity(utc('2025-01-08T11:00'), 9_000);
    engine.onEquity(utc('2025-01-09T00:00'), 9_000);
    expect(decisions.map((d) => [d.outcome, d.rule, d.time])).toEqual([
      ['halted', 'daily_loss_halt', utc('2025-01-08T11:00')],
      ['resumed', 'daily_loss_halt', utc('2025-01-09T00:00')],
    ]);
    expect(engine.snapshot()).toMatchObject({ dayStart: utc('2025-01-09T00:00'), dayStartEquity: 9_000 });
    engine.onEquity(utc('2025-01-09T05:00'), 8_560); // 9,000 x 0.95 = 8,550: still above
    expect(engine.view(utc('2025-01-09T05:00')).haltedUntil).toBeUndefined();
  });
});

describe('max drawdown halt (synthetic equity path)', () => {
  it('halts 24 h when equity falls 20% below its peak, then restarts the peak from the equity at the end', () => {
    const { engine, decisions } = liquid();
    engine.onEquity(utc('2025-01-08T00:00'), 10_000);
    engine.onEquity(utc('2025-01-08T12:00'), 12_000);
    engine.onEquity(utc('2025-01-09T00:00'), 10_000);
    engine.onEquity(utc('2025-01-10T00:00'), 9_700);
    expect(decisions).toEqual([]);
    engine.onEquity(utc('2025-01-10T06:00'), 9_599); // 12,000 x 0.8 = 9,600
    expect(decisions).toMatchObject([
      {
        rule: 'max_drawdown_halt',
        outcome: 'halted',
        numbers: { equity: 9_599, peakEquity: 12_000, floor: 9_600, haltedUntil: utc('2025-01-11T06:00') },
      },
    ]);
    expect(decisions[0]?.message).toBe(
      'equity 9,599 is below the peak 12,000 less 20% = 9,600: entries halted until 2025-01-11T06:00:00.000Z (24 h); ' +
        'the peak restarts then',
    );
    expect(engine.checkEntry(entry({ time: utc('2025-01-11T05:59') })).quantity).toBe(0);
    engine.onEquity(utc('2025-01-11T06:00'), 9_400);
    expect(decisions.at(-1)).toMatchObject({
      outcome: 'resumed',
      rule: 'max_drawdown_halt',
      time: utc('2025-01-11T06:00'),
    });
    expect(engine.snapshot().peakEquity, 'the peak restarts from the equity at the end').toBe(9_400);
    engine.onEquity(utc('2025-01-11T07:00'), 9_300);
    expect(
      engine.view(utc('2025-01-11T07:00')).haltedUntil,
      'no re-trigger against the old peak',
    ).toBeUndefined();
    expect(engine.checkEntry(entry({ time: utc('2025-01-11T07:00'), equity: 9_300 })).quantity).toBe(100);
  });

  it('uses drawdownCooldownHours and keeps the halt across a restart', () => {
    const risk = riskConfig({ halts: { drawdownCooldownHours: 6 } });
    const { engine } = recordingEngine(risk);
    engine.onEquity(utc('2025-01-08T00:00'), 10_000);
    engine.onEquity(utc('2025-01-08T01:00'), 11_000);
    engine.onEquity(utc('2025-01-09T01:00'), 8_000);
    const state = engine.snapshot();
    expect(state).toMatchObject({
      haltedUntil: utc('2025-01-09T07:00'),
      haltRule: 'max_drawdown_halt',
      peakEquity: 11_000,
    });
    const restored = new RiskEngine(risk, { symbol: SYMBOL, state });
    expect(restored.snapshot()).toEqual(state);
    expect(restored.view(utc('2025-01-09T06:59')).haltRule).toBe('max_drawdown_halt');
    restored.onEquity(utc('2025-01-09T07:00'), 8_100);
    expect(restored.snapshot()).toMatchObject({ haltedUntil: null, peakEquity: 8_100 });
  });

  it('reports the later of two overlapping halts and resumes only when both have ended', () => {
    const risk = riskConfig({ halts: { drawdownCooldownHours: 2 } });
    const { engine, decisions } = recordingEngine(risk);
    feedFlat(engine, utc('2025-01-07T00:00'), utc('2025-01-08T00:00'));
    engine.onEquity(utc('2025-01-08T00:00'), 10_000);
    engine.onEquity(utc('2025-01-08T20:00'), 7_000); // both limits at once
    expect(decisions.map((d) => d.rule)).toEqual(['daily_loss_halt', 'max_drawdown_halt']);
    expect(engine.snapshot().halts).toEqual([
      { rule: 'daily_loss_halt', until: utc('2025-01-09T00:00') },
      { rule: 'max_drawdown_halt', until: utc('2025-01-08T22:00') },
    ]);
    expect(engine.view(utc('2025-01-08T21:00'))).toMatchObject({
      haltRule: 'daily_loss_halt',
      haltedUntil: utc('2025-01-09T00:00'),
    });
    engine.onEquity(utc('2025-01-08T22:00'), 7_000);
    expect(decisions).toHaveLength(2);
    expect(engine.snapshot().peakEquity, 'the drawdown halt ended: its peak restarted').toBe(7_000);
    expect(
      engine.checkEntry(entry({ time: utc('2025-01-08T23:00'), equity: 7_000 })).decisions[0]?.rule,
    ).toBe('daily_loss_halt');
    engine.onBar(
      { openTime: utc('2025-01-08T23:00'), open: 10, high: 10, low: 10, close: 10, volume: 1e6 },
      utc('2025-01-09T00:00'),
    );
    expect(decisions.at(-1)).toMatchObject({
      outcome: 'resumed',
      rule: 'daily_loss_halt',
      time: utc('2025-01-09T00:00'),
    });
  });
});
