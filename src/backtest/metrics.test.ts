import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../core/index.js';
import { EquityCurve, type TradeRecord } from '../kernel/index.js';
import { computeMetrics, dailyReturns, drawdown, sharpe, sortino } from './metrics.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

function curve(values: number[], positions: number[] = []): EquityCurve {
  const c = new EquityCurve(2);
  values.forEach((v, i) => c.push(T0 + (i + 1) * DAY, v, v, 0, 0, positions[i] ?? 0, 1));
  return c;
}

function trade(
  netPnl: number,
  exitReason: string,
  signalType = 'ema_cross',
  liquidated = false,
): TradeRecord {
  return {
    id: 1,
    symbol: 'NMR/USDT:USDT',
    side: 'long',
    signalType,
    entryTime: T0 as EpochMs,
    entryPrice: 10,
    exitTime: T0 as EpochMs,
    exitPrice: 10,
    quantity: 1,
    leverage: 1,
    exitReason,
    grossPnl: netPnl,
    fees: 0,
    funding: 0,
    slippageCost: 0,
    netPnl,
    liquidated,
  };
}

describe('drawdown', () => {
  it('measures the deepest fall from a peak and the longest time under water (hand-worked)', () => {
    // 100 -> 120 (peak, day 2) -> 90 (-25%) -> 110 -> 125 (recovered day 5): 3 days under water.
    const c = curve([100, 120, 90, 110, 125]);
    const d = drawdown(c.column('time'), c.column('equity'), 100);
    expect(d.maxDrawdown).toBeCloseTo(0.25, 12);
    expect(d.durationMs).toBe(3 * DAY);
  });

  it('counts a drawdown that never recovers up to the last sample', () => {
    const c = curve([100, 80, 90]);
    expect(drawdown(c.column('time'), c.column('equity'), 100).durationMs).toBe(2 * DAY);
  });
});

describe('daily ratios', () => {
  it('takes one return per UTC day from the last sample of the day', () => {
    const c = new EquityCurve();
    c.push(T0 + DAY / 2, 105, 0, 0, 0, 0, 1);
    c.push(T0 + DAY, 110, 0, 0, 0, 0, 1); // closes exactly at midnight: still day 1
    c.push(T0 + DAY + 3_600_000, 99, 0, 0, 0, 0, 1);
    const r = dailyReturns(c.column('time'), c.column('equity'), 100);
    expect(r.length).toBe(2);
    expect(r[0]).toBeCloseTo(0.1, 12);
    expect(r[1]).toBeCloseTo(99 / 110 - 1, 12);
  });

  it('annualises Sharpe and Sortino with sqrt(365) (hand-worked)', () => {
    const r = [0.01, -0.01, 0.02, 0];
    // mean 0.005; sample variance = (0.000025+0.000225+0.000225+0.000025)/3 = 0.0005/3
    expect(sharpe(r)).toBeCloseTo((0.005 / Math.sqrt(0.0005 / 3)) * Math.sqrt(365), 10);
    // downside deviation = sqrt(0.0001 / 4) = 0.005
    expect(sortino(r)).toBeCloseTo((0.005 / 0.005) * Math.sqrt(365), 10);
  });
});

describe('computeMetrics', () => {
  it('summarises trades: win rate, profit factor, expectancy, breakdowns', () => {
    const trades = [
      trade(30, 'ema_cross'),
      trade(-10, 'stop_loss'),
      trade(-20, 'liquidation', 'momentum', true),
    ];
    const m = computeMetrics(curve([100, 100], [1, 0]), trades, 100, {
      fees: 1,
      fundingPaid: 2,
      fundingReceived: 3,
      slippageCost: 4,
    });
    expect(m.winRate).toBeCloseTo(1 / 3, 12);
    expect(m.profitFactor).toBeCloseTo(1, 12);
    expect(m.expectancy).toBe(0);
    expect(m.exposure).toBe(0.5);
    expect(m.liquidations).toBe(1);
    expect(m.byExitReason.stop_loss).toEqual({ trades: 1, netPnl: -10, winRate: 0 });
    expect(m.bySignalType.ema_cross).toEqual({ trades: 2, netPnl: 20, winRate: 0.5 });
  });

  it('computes total return and CAGR over a 365-day span', () => {
    const c = new EquityCurve();
    c.push(T0, 100, 0, 0, 0, 0, 1);
    c.push(T0 + 365 * DAY, 121, 0, 0, 0, 0, 1);
    const m = computeMetrics(c, [], 100, { fees: 0, fundingPaid: 0, fundingReceived: 0, slippageCost: 0 });
    expect(m.totalReturn).toBeCloseTo(0.21, 12);
    expect(m.cagr).toBeCloseTo(0.21, 12);
  });
});
