import type { Kernel } from '../kernel/index.js';
import type { BacktestResult, BacktestReviewer, BacktestSpec } from './backtest.types.js';
import type { FundingCoverage } from './funding-sources.js';
import { computeMetrics } from './metrics.js';
import { stripRuntime } from './strip-runtime.js';
import type { Tally } from './tally.js';

/** What a run (backtest, paper or live session) has produced, as the result reports it. */
export interface RunOutcome {
  readonly kernel: Kernel;
  readonly tally: Tally;
  readonly strategyName: string;
  readonly initialBalance: number;
  readonly bars: number;
  readonly lastClose: number | undefined;
  readonly reviewer?: BacktestReviewer | undefined;
}

/** The result in the backtest's shape: one builder for backtests and for paper and live sessions. */
export function runResult(
  o: RunOutcome,
  run: {
    readonly spec: BacktestSpec;
    readonly synthetic: boolean;
    readonly firstBarOpen: number;
    readonly fundingCoverage: FundingCoverage;
  },
): BacktestResult {
  const { kernel, tally, reviewer } = o;
  const trades = kernel.trades.closed;
  return {
    strategy: o.strategyName,
    spec: stripRuntime(run.spec),
    synthetic: run.synthetic,
    firstBarOpen: run.firstBarOpen,
    lastBarClose: o.lastClose ?? run.firstBarOpen,
    counts: {
      bars: o.bars,
      orders: tally.orders,
      rejectedOrders: tally.rejected,
      fills: tally.fills,
      fundingSettlements: tally.fundingSettlements,
      skippedOrders: kernel.skippedTargets,
      riskRefused: tally.riskRefused,
      riskResized: tally.riskResized,
      circuitBreakerTrips: tally.breakerTrips,
    },
    fundingCoverage: run.fundingCoverage,
    metrics: computeMetrics(kernel.equity, trades, o.initialBalance, {
      fees: tally.fees,
      fundingPaid: tally.fundingPaid,
      fundingReceived: tally.fundingReceived,
      slippageCost: tally.slippage,
    }),
    trades,
    equity: kernel.equity,
    riskByRule: tally.riskByRule(),
    ...(reviewer ? { weightReviews: reviewer.reviews() } : {}),
  };
}

/** Funding coverage of a session whose every settlement came from the venue. */
export function venueFundingCoverage(settlements: number): FundingCoverage {
  return {
    settlements,
    real: settlements,
    premiumEstimate: 0,
    constant: 0,
    shares: { real: settlements > 0 ? 1 : 0, premiumEstimate: 0, constant: 0 },
  };
}
