import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientOrderId, EpochMs, Fill } from '../core/index.js';
import type { RiskDecision } from '../risk/index.js';
import { SessionStateTracker } from './session-state-tracker.js';

const SYMBOL = 'NMR/USDT:USDT';
const T0 = Date.UTC(2025, 0, 6) as EpochMs;
const H = 3_600_000;
const at = (hours: number) => (T0 + hours * H) as EpochMs;

function fill(side: 'buy' | 'sell', quantity: number, price: number, fee: number, hours: number): Fill {
  return {
    tradeId: `t${hours}`,
    clientOrderId: `c${hours}` as ClientOrderId,
    symbol: SYMBOL,
    time: at(hours),
    side,
    quantity,
    price,
    fee,
    liquidity: 'taker',
    slippageCost: 0,
    reduceOnly: false,
  };
}

function tracker(): SessionStateTracker {
  return new SessionStateTracker({
    startingEquity: 1000,
    leverage: 2,
    leverageCap: 3,
    marginCapFraction: 0.4,
  });
}

describe('SessionStateTracker', () => {
  it('keeps the average entry, realised and unrealised PnL, fees and exposure from fills (hand-worked)', () => {
    const t = tracker();
    t.onFill(fill('buy', 10, 10, 0.04, 0)); // long 10 @ 10
    t.onFill(fill('buy', 10, 12, 0.048, 1)); // long 20 @ 11
    t.onFill(fill('sell', 5, 13, 0.026, 2)); // realise (13 - 11) × 5 = 10; long 15 @ 11, mark 13
    const s = t.snapshot();
    expect(s.positions).toEqual([
      { symbol: SYMBOL, quantity: 15, entryPrice: 11, markPrice: 13, leverage: 2, unrealisedPnl: 30 },
    ]);
    expect(s.account.fees).toBeCloseTo(0.114, 12);
    expect(s.account.realisedPnl).toBeCloseTo(10 - 0.114, 12);
    expect(s.account.unrealisedPnl).toBe(30);
    expect(s.account.equity).toBeCloseTo(1000 + 9.886 + 30, 9);
    // notional 15 × 13 = 195; margin 15 × 11 / 2 = 82.5 against 40 % of equity 1039.886
    expect(s.exposure.leverage).toBeCloseTo(195 / 1039.886, 12);
    expect(s.exposure.marginUsed).toBe(82.5);
    expect(s.exposure.marginUtilisation).toBeCloseTo(82.5 / (0.4 * 1039.886), 12);
    expect(s.time).toBe(at(2));
    expect(s.version).toBe(3);
  });

  it('flips a position at the fill price and drops it when flat', () => {
    const t = tracker();
    t.onFill(fill('buy', 4, 10, 0, 0));
    t.onFill(fill('sell', 6, 9, 0, 1)); // realise -4; short 2 @ 9
    expect(t.snapshot().positions[0]).toMatchObject({ quantity: -2, entryPrice: 9 });
    t.onFill(fill('buy', 2, 8, 0, 2)); // realise +2
    expect(t.snapshot().positions).toEqual([]);
    expect(t.snapshot().account.realisedPnl).toBe(-2);
  });

  it('reports funding: rate, next settlement and the expected payment of the open position', () => {
    const t = tracker();
    t.onFill(fill('buy', 100, 10, 0, 0));
    t.onFunding(
      {
        symbol: SYMBOL,
        time: at(4),
        rate: 0.0005,
        intervalHours: 4,
        rate8h: 0.001,
        markPrice: 10,
        source: 'real',
      },
      -0.5,
    );
    const s = t.snapshot();
    // long pays: -0.0005 × 10 × 100 = -0.5 at the next settlement, 4 h later
    expect(s.funding).toEqual({
      rate: 0.0005,
      intervalHours: 4,
      lastSettlement: at(4),
      nextSettlement: at(8),
      expectedPayment: -0.5,
    });
    expect(s.account.funding).toBe(-0.5);
  });

  it('shows the circuit-breaker calm countdown against session time and ends it at `until`', () => {
    const t = tracker();
    t.setMarkPrice(10, at(1));
    t.setBreaker({ rule: 'circuit_breaker', until: at(3) });
    expect(t.snapshot().breaker).toEqual({
      state: 'halted',
      rule: 'circuit_breaker',
      until: at(3),
      calmRemainingMs: 2 * H,
    });
    t.setMarkPrice(10, at(3));
    expect(t.snapshot().breaker.state).toBe('active');
  });

  it('keeps refused decisions apart and lists trades and decisions newest first, bounded', () => {
    const t = new SessionStateTracker({
      startingEquity: 1000,
      leverage: 1,
      leverageCap: 3,
      marginCapFraction: 0.4,
      keep: 3,
      recentInState: 2,
    });
    const decision = (hours: number, outcome: RiskDecision['outcome']): RiskDecision => ({
      time: at(hours),
      symbol: SYMBOL,
      rule: 'weekend_manual',
      outcome,
      message: `d${hours}`,
      numbers: {},
      origin: 'manual',
    });
    for (let h = 0; h < 5; h += 1) t.onRiskDecision(decision(h, h % 2 === 0 ? 'refused' : 'resized'));
    expect(t.riskDecisions(10).map((d) => d.message)).toEqual(['d4', 'd3', 'd2']);
    expect(t.snapshot().refusedDecisions.map((d) => d.message)).toEqual(['d4', 'd2']);
  });

  it('reports degraded health naming the unhealthy feeds', () => {
    const t = tracker();
    t.setFeeds([
      { name: 'numerai', ageSeconds: 30, healthy: true },
      { name: 'onchain', ageSeconds: 9000, healthy: false },
    ]);
    expect(t.health()).toEqual({ status: 'degraded', unhealthyFeeds: ['onchain'], time: null });
  });
});

describe('SessionStateTracker realised PnL (property)', () => {
  it('equals the net cash of all fills minus fees once the position is flat again', () => {
    const fillArb = fc.record({
      buy: fc.boolean(),
      quantity: fc.integer({ min: 1, max: 50 }),
      price: fc.integer({ min: 500, max: 2000 }).map((cents) => cents / 100),
    });
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 30 }), (fills) => {
        const t = tracker();
        let position = 0;
        let cash = 0;
        fills.forEach((f, i) => {
          const fee = f.quantity * f.price * 0.0005;
          t.onFill(fill(f.buy ? 'buy' : 'sell', f.quantity, f.price, fee, i));
          position += f.buy ? f.quantity : -f.quantity;
          cash += (f.buy ? -1 : 1) * f.quantity * f.price - fee;
        });
        // Close whatever is left at 10 with no fee: the account is flat, realised PnL is all the cash.
        if (position !== 0)
          t.onFill(fill(position > 0 ? 'sell' : 'buy', Math.abs(position), 10, 0, fills.length));
        cash += position * 10;
        const s = t.snapshot();
        expect(s.positions).toEqual([]);
        expect(s.account.realisedPnl).toBeCloseTo(cash, 6);
        expect(s.account.equity).toBeCloseTo(1000 + cash, 6);
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });
});
