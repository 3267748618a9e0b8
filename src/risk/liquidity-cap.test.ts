import { describe, expect, it } from 'vitest';
import { candle, entry, HOUR_MS, recordingEngine, utc } from './test-helpers.js';

const NOON = utc('2025-01-08T12:00');

describe('liquidity cap (synthetic bars)', () => {
  it('refuses with a clear message before any bar', () => {
    const { engine } = recordingEngine();
    const verdict = engine.checkEntry(entry({ time: NOON }));
    expect(verdict.quantity).toBe(0);
    expect(verdict.decisions).toMatchObject([{ rule: 'liquidity_cap', outcome: 'refused' }]);
    expect(verdict.decisions[0]?.message).toBe(
      'no bars seen yet: the liquidity cap has no traded volume over the last 24 h to size against',
    );
  });

  it('caps the notional at 1% of the volume x close traded over the last 24 h of bars', () => {
    const { engine } = recordingEngine();
    // 30 synthetic 1h bars; only the last 24 count: 24 x 2,000 NMR x 10 = 480,000 USDT -> 4,800 USDT = 480 NMR.
    for (let i = 0; i < 30; i++) {
      const open = NOON - (30 - i) * HOUR_MS;
      engine.onBar(candle(open, { close: 10, volume: i < 6 ? 1e9 : 2_000 }), (open + HOUR_MS) as never);
    }
    const verdict = engine.checkEntry(
      entry({ time: NOON, desiredQuantity: 1_000, leverage: 3, equity: 1e6 }),
    );
    expect(verdict.quantity).toBe(480);
    expect(verdict.decisions).toMatchObject([
      {
        rule: 'liquidity_cap',
        outcome: 'resized',
        numbers: {
          notionalAfter: 10_000,
          tradedNotional: 480_000,
          maxVolumeFraction: 0.01,
          maxNotional: 4_800,
          windowHours: 24,
        },
      },
    ]);
    expect(verdict.decisions[0]?.message).toBe(
      'notional 10,000 > 1% of 480,000 traded over the last 24 h = 4,800: position cut from 1,000 to 480',
    );
  });

  it('applies after the margin cap, on what it left', () => {
    const { engine } = recordingEngine();
    for (let i = 0; i < 24; i++) {
      const open = NOON - (24 - i) * HOUR_MS;
      engine.onBar(candle(open, { close: 10, volume: 2_000 }), (open + HOUR_MS) as never);
    }
    const verdict = engine.checkEntry(entry({ time: NOON, desiredQuantity: 3_000 }));
    expect(verdict.decisions.map((d) => [d.rule, d.numbers.allowedQuantity])).toEqual([
      ['margin_cap', 1_200],
      ['liquidity_cap', 480],
    ]);
    expect(verdict.quantity).toBe(480);
  });
});
