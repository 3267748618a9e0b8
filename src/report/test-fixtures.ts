import type { BacktestMetrics, BacktestResult } from '../backtest/index.js';
import { exactSpec, H, T0 } from '../backtest/test-helpers.js';
import type { ClientOrderId, EpochMs } from '../core/index.js';
import { EquityCurve, type TradeRecord } from '../kernel/index.js';
import type { BarEvent, Strategy, StrategyContext, TargetPosition } from '../strategy/index.js';

/** A trade with round numbers; override what a test is about. */
export function trade(over: Partial<TradeRecord> & { id: number }): TradeRecord {
  return {
    symbol: 'NMR/USDT:USDT',
    side: 'long',
    signalType: 'momentum',
    entryTime: (T0 + H) as EpochMs,
    entryPrice: 10,
    exitTime: (T0 + 5 * H) as EpochMs,
    exitPrice: 11,
    quantity: 100,
    leverage: 2,
    exitReason: 'time_exit',
    grossPnl: 100,
    fees: 1,
    funding: -0.5,
    slippageCost: 0.25,
    netPnl: 98.5,
    liquidated: false,
    ...over,
  };
}

/** Hand-picked metrics (not computed from the trades): the summary must print them as given. */
export const METRICS: BacktestMetrics = {
  initialEquity: 1000,
  finalEquity: 1234.5678,
  totalReturn: 0.2345678,
  cagr: 1.5,
  sharpe: 1.234,
  sortino: 2.3456,
  maxDrawdown: 0.0875,
  maxDrawdownDurationMs: 1.5 * 86_400_000,
  calmar: 17.142857,
  trades: 3,
  winRate: 2 / 3,
  profitFactor: Infinity,
  expectancy: 78.1893,
  exposure: 0.4,
  liquidations: 1,
  fees: 1234.567,
  fundingPaid: 3.5,
  fundingReceived: 0.125,
  slippageCost: 1.0051,
  byExitReason: {
    time_exit: { trades: 2, netPnl: 150.25, winRate: 1 },
    liquidation: { trades: 1, netPnl: -20, winRate: 0 },
  },
  bySignalType: {
    momentum: { trades: 2, netPnl: 130.25, winRate: 0.5 },
    funding_reversion: { trades: 1, netPnl: 0, winRate: 0 },
  },
};

/** A complete result built by hand: 10 hourly samples from T0, three trades. */
export function handMadeResult(over: Partial<BacktestResult> = {}): BacktestResult {
  const equity = new EquityCurve(4);
  for (let i = 0; i < 10; i++) {
    const e = 1000 + 30 * Math.sin(i) + 20 * i;
    equity.push(T0 + (i + 1) * H, e, 1000, e - 1000, 200, i % 3 === 0 ? 0 : 50, 10 + i / 10);
  }
  return {
    strategy: 'hand-made',
    spec: exactSpec(),
    synthetic: false,
    firstBarOpen: T0,
    lastBarClose: T0 + 10 * H,
    counts: {
      bars: 10,
      orders: 7,
      rejectedOrders: 1,
      fills: 6,
      fundingSettlements: 2,
      skippedOrders: 0,
      riskRefused: 2,
      riskResized: 1,
      circuitBreakerTrips: 0,
    },
    riskByRule: {
      margin_cap: { refused: 0, resized: 1, halted: 0 },
      thin_hours: { refused: 2, resized: 0, halted: 0 },
    },
    fundingCoverage: {
      settlements: 4,
      real: 3,
      premiumEstimate: 1,
      constant: 0,
      shares: { real: 0.75, premiumEstimate: 0.25, constant: 0 },
    },
    metrics: METRICS,
    trades: [
      trade({ id: 1 }),
      trade({
        id: 2,
        side: 'short',
        signalType: 'funding_reversion',
        entryTime: (T0 + 6 * H) as EpochMs,
        exitTime: (T0 + 8 * H) as EpochMs,
        exitPrice: 9,
        exitReason: 'liquidation',
        liquidated: true,
        netPnl: -20,
      }),
      trade({ id: 3, entryTime: (T0 + 8 * H) as EpochMs, exitTime: (T0 + 9 * H) as EpochMs }),
    ],
    equity,
    ...over,
  };
}

/** Hourly bars of a gentle wave (labelled synthetic by the store helper), `count` of them. */
export function waveBars(count: number): number[][] {
  return Array.from({ length: count }, (_, i) => {
    const p = 10 + 1.5 * Math.sin(i / 4) + 0.02 * i;
    const c = 10 + 1.5 * Math.sin((i + 1) / 4) + 0.02 * (i + 1);
    return [p, Math.max(p, c) + 0.15, Math.min(p, c) - 0.15, c];
  });
}

/** Funding settlements every 8 h, alternating sign: [hours after T0, rate]. */
export const WAVE_FUNDING: [number, number][] = [
  [8, 0.0003],
  [16, -0.0002],
  [24, 0.0004],
  [32, -0.0001],
  [40, 0.0003],
];

/**
 * Flips long and short a few times (targets at bar closes, tagged by signal), logs a line, sends an
 * order below the minimum notional (rejected) and a far limit order it cancels later.
 */
export function flipStrategy(name = 'flipper'): Strategy {
  const plan: Record<number, TargetPosition> = {
    2: { side: 'long', tag: 'momentum' },
    9: { side: 'short', tag: 'mean_reversion' },
    17: { side: 'long', tag: 'momentum' },
    25: { side: 'flat', tag: 'time_exit' },
    30: { side: 'short', tag: 'funding_reversion' },
    41: { side: 'flat', tag: 'stop_loss' },
  };
  let i = 0;
  let resting: ClientOrderId | undefined;
  return {
    name,
    onBar(_bar: BarEvent, ctx: StrategyContext) {
      const target = plan[i];
      if (target) ctx.setTarget(target);
      if (i === 5) {
        ctx.log('probing the minimum notional');
        ctx.submitOrder({ side: 'buy', type: 'market', quantity: 0.1, tag: 'probe' });
        resting = ctx.submitOrder({ side: 'buy', type: 'limit', quantity: 1, price: 5, tag: 'far_bid' });
      }
      if (i === 12 && resting) ctx.cancelOrder(resting);
      i++;
    },
  };
}
