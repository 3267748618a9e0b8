import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../core/index.js';
import { MINUTE_MS, candle, entry, feedFlat, recordingEngine, utc } from './test-helpers.js';
import { RiskEngine } from './risk-engine.js';
import { riskConfig, SYMBOL } from './test-helpers.js';

const M15 = 15 * MINUTE_MS;
const t = (hhmm: string): EpochMs => utc(`2025-01-08T${hhmm}`);

describe('circuit breaker on synthetic 15m bars', () => {
  function tripped() {
    const made = recordingEngine();
    feedFlat(made.engine, t('08:00'), t('10:00'), M15);
    // 10:00-10:15: low 10, high 10.81 = 8.1% of the low.
    const actions = made.engine.onBar(candle(t('10:00'), { low: 10, high: 10.81, close: 10.5 }), t('10:15'));
    return { ...made, actions };
  }

  it('trips at the close of a bar whose range is 8.1%: flatten, entries halted until 12:15', () => {
    const { engine, actions, decisions } = tripped();
    expect(actions).toHaveLength(1);
    expect(actions[0]?.type).toBe('flatten');
    expect(actions[0]?.decision).toMatchObject({
      time: t('10:15'),
      rule: 'circuit_breaker',
      outcome: 'flatten',
      numbers: { from: 10, to: 10.81, movePct: 0.08, windowMinutes: 15, haltedUntil: t('12:15') },
    });
    expect(actions[0]?.decision.numbers.move).toBeCloseTo(0.081, 12);
    expect(actions[0]?.decision.message).toBe(
      'price ranged 8.1% inside one bar (low 10, high 10.81; order inside a bar unknown) within 15 min, ' +
        'more than 8%: close every position; ' +
        'no entries until 2025-01-08T12:15:00.000Z (2 h of calm)',
    );
    expect(decisions).toEqual([actions[0]?.decision]);
    expect(engine.view(t('10:15'))).toMatchObject({ haltedUntil: t('12:15'), haltRule: 'circuit_breaker' });
  });

  it('extends the halt to 13:00 on a second trigger at 11:00; 12:59 is refused, 13:00 allowed and resumed', () => {
    const { engine, decisions } = tripped();
    feedFlat(engine, t('10:15'), t('10:45'), M15, { close: 10.5 });
    // 10:45-11:00 falls from 10.5 to 9.6; inside one bar its range counts as (10.5 - 9.6) / 9.6 = 9.375%.
    const second = engine.onBar(
      candle(t('10:45'), { open: 10.5, high: 10.5, low: 9.6, close: 9.6 }),
      t('11:00'),
    );
    expect(second.map((a) => a.decision.numbers.haltedUntil)).toEqual([t('13:00')]);
    expect(second[0]?.decision.message, 'inside one bar the range counts, (high - low) / low').toMatch(
      /^price ranged 9\.375% inside one bar \(low 9\.6, high 10\.5; order inside a bar unknown\) within 15 min/,
    );
    feedFlat(engine, t('11:00'), t('12:45'), M15, { close: 9.6 });

    const refused = engine.checkEntry(entry({ time: t('12:59') }));
    expect(refused.quantity).toBe(0);
    expect(refused.decisions).toMatchObject([
      { rule: 'circuit_breaker', outcome: 'refused', numbers: { haltedUntil: t('13:00') } },
    ]);
    expect(refused.decisions[0]?.message).toBe(
      'entries are halted by the circuit breaker until 2025-01-08T13:00:00.000Z',
    );

    decisions.length = 0;
    const allowed = engine.checkEntry(entry({ time: t('13:00'), price: 9.6 }));
    expect(allowed).toEqual({ quantity: 100, leverage: 3, decisions: [] });
    expect(decisions, 'one resumed decision, at the first call at or after the end').toMatchObject([
      { time: t('13:00'), rule: 'circuit_breaker', outcome: 'resumed', numbers: { haltedUntil: t('13:00') } },
    ]);
    expect(engine.view(t('13:00')).haltedUntil).toBeUndefined();
  });

  it('emits resumed from onBar too, once', () => {
    const { engine, decisions } = tripped();
    feedFlat(engine, t('10:15'), t('12:30'), M15, { close: 10.5 });
    expect(decisions.map((d) => [d.outcome, d.time])).toEqual([
      ['flatten', t('10:15')],
      ['resumed', t('12:15')],
    ]);
  });

  it('does not trip on exactly 8% (the rule is "more than")', () => {
    const { engine } = recordingEngine();
    // (13.5 - 12.5) / 12.5 is exactly 0.08 in floating point.
    expect(engine.onBar(candle(t('10:00'), { low: 12.5, high: 13.5, close: 13 }), t('10:15'))).toEqual([]);
  });

  it('keeps the halt and the calm-until across a restart', () => {
    const { engine } = tripped();
    const restored = new RiskEngine(riskConfig(), { symbol: SYMBOL, state: engine.snapshot() });
    expect(restored.snapshot()).toEqual(engine.snapshot());
    expect(restored.snapshot()).toMatchObject({ lastBreakerTrip: t('10:15'), haltedUntil: t('12:15') });
    feedFlat(restored, t('11:00'), t('12:00'), M15);
    expect(restored.checkEntry(entry({ time: t('12:14') })).decisions[0]?.rule).toBe('circuit_breaker');
    expect(restored.checkEntry(entry({ time: t('12:15') })).decisions).toEqual([]);
  });
});

describe('circuit breaker on synthetic 1m bars', () => {
  const M1 = MINUTE_MS;

  it('trips on a rise spread over several bars inside 15 minutes', () => {
    const { engine } = recordingEngine();
    const trips: number[] = [];
    for (let i = 0; i < 12; i++) {
      const price = 10 + i * 0.075; // 10 -> 10.825 over 11 bars
      const close = (t('10:00') + (i + 1) * M1) as EpochMs;
      if (engine.onBar(candle(t('10:00') + i * M1, { close: price }), close).length > 0) trips.push(close);
    }
    // Bar 11 (10:11-10:12, close 10.825) is 8.25% above bar 0's 10; bar 10 (10.75) only 7.5%.
    expect(trips).toEqual([t('10:12')]);
  });

  it('does not trip when the same 8.5% rise takes 20 minutes (no 15-minute window holds more than 8%)', () => {
    const { engine } = recordingEngine();
    for (let i = 0; i <= 20; i++) {
      const actions = engine.onBar(
        candle(t('10:00') + i * M1, { close: 10 + i * 0.0425 }),
        (t('10:00') + (i + 1) * M1) as EpochMs,
      );
      expect(actions, `bar ${i}`).toEqual([]);
    }
  });

  it('measures directionally: a fall from 10 to 9.25 is 7.5% (no trip); a rise from 9.25 to 10 is 8.1% (trip)', () => {
    const down = recordingEngine().engine;
    down.onBar(candle(t('10:00'), { close: 10 }), t('10:01'));
    expect(down.onBar(candle(t('10:01'), { close: 9.25 }), t('10:02'))).toEqual([]);
    const up = recordingEngine().engine;
    up.onBar(candle(t('10:00'), { close: 9.25 }), t('10:01'));
    const [trip] = up.onBar(candle(t('10:01'), { close: 10 }), t('10:02'));
    expect(trip?.decision.message).toMatch(/^price rose 8\.108% \(9\.25 to 10\) within 15 min/);
  });

  it('does not join bars further apart than the window', () => {
    const { engine } = recordingEngine();
    engine.onBar(candle(t('10:00'), { close: 10 }), t('10:01'));
    expect(engine.onBar(candle(t('10:20'), { close: 10.9 }), t('10:21'))).toEqual([]);
  });

  it('counts one move once: bars after a trip start a new window', () => {
    const { engine, decisions } = recordingEngine();
    engine.onBar(candle(t('10:00'), { close: 10 }), t('10:01'));
    expect(engine.onBar(candle(t('10:01'), { close: 11 }), t('10:02'))).toHaveLength(1);
    for (let i = 2; i < 15; i++)
      engine.onBar(candle(t('10:00') + i * M1, { close: 11 }), (t('10:00') + (i + 1) * M1) as EpochMs);
    expect(decisions.filter((d) => d.outcome === 'flatten')).toHaveLength(1);
  });

  it('judges a bar longer than the window on its own range (high - low) / low', () => {
    const { engine } = recordingEngine();
    // A 1h bar: open 10.81, low 10, high 10.81, close 10. Whether it rose or fell inside is unknown.
    const actions = engine.onBar(
      candle(t('10:00'), { open: 10.81, high: 10.81, low: 10, close: 10 }),
      t('11:00'),
    );
    expect(actions[0]?.decision.numbers).toMatchObject({ from: 10, to: 10.81 });
  });
});
