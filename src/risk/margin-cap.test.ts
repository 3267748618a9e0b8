import { describe, expect, it } from 'vitest';
import { HOUR_MS, entry, feedFlat, recordingEngine, riskConfig, utc } from './test-helpers.js';
import type { RiskEngine } from './risk-engine.js';

const NOON = utc('2025-01-08T12:00');

/** An engine that has seen a day of flat, very liquid synthetic bars up to noon. */
function liquidEngine(risk = riskConfig()): ReturnType<typeof recordingEngine> {
  const made = recordingEngine(risk);
  feedFlat(made.engine, NOON - 24 * HOUR_MS, NOON);
  return made;
}

/**
 * Drives the regime high on synthetic 1h bars: 31 calm days (closes alternating +-0.1%), then a day
 * alternating +-3% (annualised about 280%, 30x the calm baseline).
 */
function highVolatilityEngine(): ReturnType<typeof recordingEngine> {
  const made = recordingEngine();
  const start = NOON - 32 * 24 * HOUR_MS;
  feedAlternating(made.engine, start, NOON - 24 * HOUR_MS, 0.001);
  feedAlternating(made.engine, NOON - 24 * HOUR_MS, NOON, 0.03);
  return made;
}

function feedAlternating(engine: RiskEngine, from: number, to: number, swing: number): void {
  for (let t = from; t < to; t += HOUR_MS) {
    const close = (t / HOUR_MS) % 2 === 0 ? 10 * (1 + swing) : 10;
    engine.onBar(
      {
        openTime: t as never,
        open: 10,
        high: Math.max(10, close),
        low: Math.min(10, close),
        close,
        volume: 1e6,
      },
      (t + HOUR_MS) as never,
    );
  }
}

describe('margin cap (synthetic flat and alternating bars)', () => {
  it('cuts 3,000 NMR at 3x and 10 to 1,200 NMR: margin 10,000 > 40% of equity 10,000 = 4,000', () => {
    const { engine, decisions } = liquidEngine();
    const verdict = engine.checkEntry(entry({ time: NOON, desiredQuantity: 3_000, leverage: 3, price: 10 }));
    expect(verdict.quantity).toBe(1_200);
    expect(verdict.leverage).toBe(3);
    expect(verdict.decisions).toHaveLength(1);
    expect(verdict.decisions[0]).toMatchObject({
      rule: 'margin_cap',
      outcome: 'resized',
      time: NOON,
      origin: 'auto',
      numbers: {
        marginAfter: 10_000,
        equity: 10_000,
        maxMarginFraction: 0.4,
        maxMargin: 4_000,
        allowedQuantity: 1_200,
      },
    });
    expect(verdict.decisions[0]?.message).toBe(
      'margin 10,000 > 40% of equity 10,000 = 4,000: position cut from 3,000 to 1,200 at 3x',
    );
    expect(decisions, 'the verdict decisions are the emitted ones').toEqual(verdict.decisions);
  });

  it('in the synthetic high-volatility regime caps at 2x and 25%: 3,000 NMR asked at 3x becomes 500 NMR at 2x', () => {
    const { engine } = highVolatilityEngine();
    expect(engine.view(NOON)).toMatchObject({
      regime: 'high_volatility',
      maxLeverage: 2,
      maxMarginFraction: 0.25,
    });
    const verdict = engine.checkEntry(entry({ time: NOON, desiredQuantity: 3_000, leverage: 3, price: 10 }));
    expect(verdict.quantity).toBe(500);
    expect(verdict.leverage).toBe(2);
    expect(verdict.decisions.map((d) => [d.rule, d.outcome, d.numbers.allowedQuantity])).toEqual([
      ['high_volatility', 'resized', 2_000],
      ['high_volatility', 'resized', 500],
    ]);
    expect(verdict.decisions[1]?.numbers).toMatchObject({
      marginAfter: 10_000,
      maxMarginFraction: 0.25,
      maxMargin: 2_500,
    });
  });

  it('counts the margin in other symbols and recomputes this symbol whole', () => {
    const { engine } = liquidEngine();
    // 4,000 allowed - 1,000 elsewhere = 3,000 at 3x and 10 -> 900 NMR in all; 300 are held already.
    const verdict = engine.checkEntry(
      entry({ time: NOON, currentQuantity: 300, desiredQuantity: 2_000, otherMargin: 1_000 }),
    );
    expect(verdict.quantity).toBe(900);
    expect(verdict.decisions[0]?.numbers).toMatchObject({
      otherMargin: 1_000,
      marginAfter: 7_666.666666666667,
    });
  });

  it('rounds the resized increase down to the step', () => {
    const { engine } = liquidEngine();
    // 4,000 x 3 / 7 = 1,714.2857 NMR -> 1,714.2
    const verdict = engine.checkEntry(entry({ time: NOON, desiredQuantity: 5_000, price: 7 }));
    expect(verdict.quantity).toBe(1_714.2);
  });

  it('refuses when the position already uses all the room, keeping the current quantity', () => {
    const { engine } = liquidEngine();
    const verdict = engine.checkEntry(
      entry({ time: NOON, currentQuantity: -1_300, desiredQuantity: -1_500 }),
    );
    expect(verdict.quantity).toBe(-1_300);
    expect(verdict.decisions).toMatchObject([{ rule: 'margin_cap', outcome: 'refused' }]);
    expect(verdict.decisions[0]?.message).toContain('no room to grow the position');
  });

  it('refuses the new side of a flip with quantity 0 (closing the old side is a reduction)', () => {
    const { engine } = liquidEngine();
    const verdict = engine.checkEntry(
      entry({ time: NOON, currentQuantity: 500, desiredQuantity: -500, otherMargin: 4_000 }),
    );
    expect(verdict.quantity).toBe(0);
    expect(verdict.decisions).toMatchObject([{ rule: 'margin_cap', outcome: 'refused' }]);
  });

  it('refuses with min_size when the room left is less than one step', () => {
    const { engine } = liquidEngine();
    // Room 4,000 - 3,999.9 = 0.1 margin = 0.03 NMR at 3x and 10: less than a 0.1 step.
    const verdict = engine.checkEntry(entry({ time: NOON, desiredQuantity: 10, otherMargin: 3_999.9 }));
    expect(verdict.quantity).toBe(0);
    expect(verdict.decisions.map((d) => [d.rule, d.outcome])).toEqual([
      ['margin_cap', 'resized'],
      ['min_size', 'refused'],
    ]);
    expect(verdict.decisions[1]?.numbers).toMatchObject({ increase: 0, stepSize: 0.1 });
  });

  it('with the posted margin given, counts what an isolated position posted: a 1x position grown at 2x', () => {
    const { engine } = liquidEngine();
    // 400 NMR held at 1x posted 4,000 = 40% of 10,000 already. Valued whole at 2x it would look like
    // 3,000 for 600 NMR and pass; posted + increase is 4,000 + 1,000 = 5,000: no room.
    const grow = entry({ time: NOON, currentQuantity: 400, desiredQuantity: 600, leverage: 2 });
    expect(engine.checkEntry(grow).quantity, 'whole position revalued (positionMargin unknown)').toBe(600);
    const verdict = engine.checkEntry({ ...grow, positionMargin: 4_000 });
    expect(verdict.quantity).toBe(400);
    expect(verdict.decisions).toMatchObject([
      { rule: 'margin_cap', outcome: 'refused', numbers: { marginAfter: 5_000, positionMargin: 4_000 } },
    ]);
    // Posted 2,000 (the 400 NMR at 2x): 2,000 + 200 x 10 / 2 = 3,000 fits.
    expect(engine.checkEntry({ ...grow, positionMargin: 2_000 }).quantity).toBe(600);
    // Room for 1,000 more margin at 2x and 10: 200 NMR on top of the 400.
    expect(engine.checkEntry({ ...grow, desiredQuantity: 1_000, positionMargin: 3_000 }).quantity).toBe(600);
  });

  it('ignores the posted margin of the side a flip closes', () => {
    const { engine } = liquidEngine();
    const flip = entry({ time: NOON, currentQuantity: 400, desiredQuantity: -600, positionMargin: 4_000 });
    expect(engine.checkEntry(flip).quantity).toBe(-600);
  });
});
