import { describe, expect, it } from 'vitest';
import { InputError, InvariantError } from '../core/index.js';
import { blackoutWindows } from './blackouts.js';
import { RiskEngine } from './risk-engine.js';
import type { RiskDecision } from './risk.types.js';
import {
  candle,
  entry,
  feedFlat,
  funding,
  HOUR_MS,
  recordingEngine,
  riskConfig,
  SYMBOL,
  utc,
} from './test-helpers.js';

const NOON = utc('2025-01-08T12:00');

function liquid(options: Parameters<typeof recordingEngine>[1] = {}) {
  const made = recordingEngine(riskConfig(), options);
  feedFlat(made.engine, NOON - 24 * HOUR_MS, NOON);
  return made;
}

describe('RiskEngine.checkEntry (synthetic bars)', () => {
  it('passes an entry inside every limit unchanged, with no decision', () => {
    const { engine, decisions } = liquid();
    expect(engine.checkEntry(entry({ time: NOON }))).toEqual({ quantity: 100, leverage: 3, decisions: [] });
    expect(decisions).toEqual([]);
  });

  it('lets reductions through untouched, even while halted', () => {
    const { engine } = liquid();
    engine.onEquity(NOON, 10_000);
    engine.onEquity(NOON, 5_000); // daily loss halt
    const reduce = entry({ time: NOON, currentQuantity: 500, desiredQuantity: 200, leverage: 5 });
    expect(engine.checkEntry(reduce)).toEqual({ quantity: 200, leverage: 5, decisions: [] });
    expect(engine.checkEntry({ ...reduce, desiredQuantity: 0 }).decisions).toEqual([]);
  });

  it('checks refusals in order: halt, thin hours, blackout, weekend manual, funding cycle', () => {
    const risk = riskConfig();
    // Saturday 2025-01-11: thin hours 02:00-06:00, a blackout 05:30-07:30, funding settles at 08:00
    // (+0.1%: longs pay), so 07:00-08:00 is the funding window.
    const saturday = (hhmm: string) => utc(`2025-01-11T${hhmm}`);
    const blackouts = blackoutWindows([{ time: saturday('06:30'), label: 'round' }], risk.events);
    const firstRule = (hhmm: string, origin: 'auto' | 'manual', trip = false): string | undefined => {
      const { engine } = recordingEngine(risk, { blackouts });
      feedFlat(engine, saturday('00:00') - 24 * HOUR_MS, saturday('00:00'));
      engine.onFunding(funding(saturday('00:00'), 0.001, 8));
      if (trip) engine.onBar(candle(saturday('00:00'), { low: 10, high: 11 }), saturday('05:30'));
      return engine
        .checkEntry(entry({ time: saturday(hhmm), origin }))
        .decisions.map((d) => d.rule)
        .join();
    };
    expect(firstRule('05:45', 'manual', true), 'a halt comes first').toBe('circuit_breaker');
    expect(firstRule('05:45', 'manual'), 'then thin hours').toBe('thin_hours');
    expect(firstRule('06:15', 'manual'), 'then the blackout').toBe('event_blackout');
    expect(firstRule('07:45', 'manual'), 'then the weekend').toBe('weekend_manual');
    expect(firstRule('07:45', 'auto'), 'then the funding cycle').toBe('funding_cycle');
    expect(firstRule('09:00', 'auto'), 'then nothing').toBe('');
  });

  it('emits each decision once, the same objects the verdict lists, in the order made', () => {
    const seen: RiskDecision[] = [];
    const { engine } = liquid({ onDecision: (d) => seen.push(d) });
    const verdict = engine.checkEntry(entry({ time: NOON, desiredQuantity: 3_000, leverage: 5 }));
    expect(verdict.decisions.map((d) => d.rule)).toEqual(['leverage_cap', 'margin_cap']);
    expect(seen).toHaveLength(2);
    seen.forEach((d, i) => expect(d).toBe(verdict.decisions[i]));
  });

  it('treats a malformed request, a foreign symbol or an out-of-order bar as a bug', () => {
    const { engine } = liquid();
    expect(() => engine.checkEntry(entry({ time: NOON, price: 0 }))).toThrow(InvariantError);
    expect(() => engine.checkEntry(entry({ time: NOON, equity: Number.NaN }))).toThrow(
      /equity must be a finite/,
    );
    expect(() => engine.checkEntry(entry({ time: NOON, symbol: 'BTC/USDT:USDT' }))).toThrow(
      'entry request for BTC/USDT:USDT reached the risk engine of NMR/USDT:USDT',
    );
    expect(() => engine.onBar(candle(NOON - 2 * HOUR_MS), (NOON - HOUR_MS) as never)).toThrow(
      /feed one series in time order/,
    );
    expect(() => engine.onBar(candle(NOON, { low: 11, high: 10 }), (NOON + HOUR_MS) as never)).toThrow(
      InvariantError,
    );
  });
});

describe('RiskEngine.view (synthetic bars)', () => {
  it('shows the regime, the limits in force and the halt, without emitting', () => {
    const { engine, decisions } = liquid();
    expect(engine.view(NOON)).toEqual({
      regime: 'normal',
      haltedUntil: undefined,
      haltRule: undefined,
      maxLeverage: 3,
      maxMarginFraction: 0.4,
    });
    engine.onBar(candle(NOON, { low: 10, high: 11 }), (NOON + HOUR_MS) as never);
    decisions.length = 0;
    expect(engine.view((NOON + 2 * HOUR_MS) as never).haltedUntil).toBe(NOON + 3 * HOUR_MS);
    expect(engine.view((NOON + 3 * HOUR_MS) as never).haltedUntil, 'over at its end').toBeUndefined();
    expect(decisions).toEqual([]);
  });
});

describe('RiskEngine state (synthetic bars and equity)', () => {
  it('round-trips a snapshot through JSON exactly', () => {
    const { engine } = liquid();
    engine.onEquity(NOON, 10_000);
    engine.onBar(candle(NOON, { low: 10, high: 11 }), (NOON + HOUR_MS) as never);
    engine.onEquity((NOON + HOUR_MS) as never, 9_000);
    const state = engine.snapshot();
    expect(state).toEqual({
      version: 1,
      haltedUntil: utc('2025-01-09T00:00'),
      haltRule: 'daily_loss_halt',
      lastBreakerTrip: NOON + HOUR_MS,
      dayStart: utc('2025-01-08T00:00'),
      dayStartEquity: 10_000,
      peakEquity: 10_000,
      halts: [
        { rule: 'circuit_breaker', until: NOON + 3 * HOUR_MS },
        { rule: 'daily_loss_halt', until: utc('2025-01-09T00:00') },
      ],
    });
    const restored = new RiskEngine(riskConfig(), {
      symbol: SYMBOL,
      state: JSON.parse(JSON.stringify(state)) as never,
    });
    expect(restored.snapshot()).toEqual(state);
  });

  it('restores a snapshot that only has the summary halt', () => {
    const restored = new RiskEngine(riskConfig(), {
      symbol: SYMBOL,
      state: {
        version: 1,
        haltedUntil: NOON,
        haltRule: 'circuit_breaker',
        lastBreakerTrip: NOON - 2 * HOUR_MS,
        dayStart: null,
        dayStartEquity: null,
        peakEquity: null,
      },
    });
    expect(restored.view((NOON - 1) as never)).toMatchObject({
      haltedUntil: NOON,
      haltRule: 'circuit_breaker',
    });
  });

  it('refuses an inconsistent snapshot rather than starting unhalted', () => {
    const state = { ...new RiskEngine(riskConfig(), { symbol: SYMBOL }).snapshot(), haltedUntil: NOON };
    expect(() => new RiskEngine(riskConfig(), { symbol: SYMBOL, state })).toThrow(InputError);
    expect(() => new RiskEngine(riskConfig(), { symbol: SYMBOL, state })).toThrow(
      'restored risk state is invalid: haltRule: haltedUntil and haltRule must be set together; ' +
        `haltedUntil: must be the latest end in halts (none), got ${NOON}`,
    );
  });
});
