import type { InstrumentSpec, Timeframe } from '../core/index.js';
import type { RiskConfig, SignalWeights } from '../config/index.js';
import type { BlackoutWindow, RiskRule } from '../risk/index.js';
import type { SlippageConfig } from '../execution/index.js';
import type { EquityCurve, KernelObserver, TradeRecord } from '../kernel/index.js';
import type { BarEvent, DataEvent, Strategy } from '../strategy/index.js';
import type { FundingCoverage, FundingFallback } from './funding-sources.js';
import type { BacktestMetrics } from './metrics.js';

export interface BacktestSpec {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Inclusive start of bar open times, epoch ms (default: first stored bar). */
  readonly from?: number | undefined;
  /** Exclusive end of bar open times, epoch ms (default: after the last stored bar). */
  readonly to?: number | undefined;
  readonly initialBalance: number;
  readonly leverage: number;
  readonly instrument: InstrumentSpec;
  readonly slippage: SlippageConfig;
  readonly maxBarVolumeFraction: number;
  readonly fundingFallback: FundingFallback;
  /** Where spot candles for the premium estimate are stored, if anywhere. */
  readonly spot?: { readonly exchange: string; readonly symbol: string } | undefined;
  /** The risk limits every entry must pass; undefined: no risk engine (orders go as the strategy sized them). */
  readonly risk?: RiskConfig | undefined;
  /** Event blackouts for the risk engine (from the calendar). */
  readonly blackouts?: readonly BlackoutWindow[] | undefined;
}

export interface BacktestInput extends BacktestSpec {
  readonly strategy: Strategy;
  /** Alternative data, delivered at each datum's `availableAt`. */
  readonly data?: readonly DataEvent[];
  readonly observer?: KernelObserver;
  /** Called now and then with bars done and bars in total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The weekly review replayed inside the run (`createWeightReplay` in research/review); none: no reviews. */
  readonly reviewer?: BacktestReviewer;
}

/** One review made during a run: the weights before, the proposal, and the evidence behind it. */
export interface WeightReviewRecord {
  /** The review time (a bar close): only what was known by then was used. */
  readonly time: number;
  readonly oldWeights: SignalWeights;
  readonly proposed: SignalWeights;
  /** True when the strategy read `proposed` from the next bar on. */
  readonly applied: boolean;
  /** Decisions scored (forward return known by `time`). */
  readonly samples: number;
  /** The review's evidence (accuracy per family and signal, PnL, shrinkage, scores, target), as JSON. */
  readonly evidence: unknown;
}

/**
 * Something that watches the run like an observer and acts between bars: the driver calls
 * `afterBarClose` once the strategy has decided on a bar, so whatever it changes (the weights the
 * strategy reads) takes effect from the next event on. Its reviews go in the result.
 */
export interface BacktestReviewer extends KernelObserver {
  afterBarClose(bar: BarEvent): void;
  reviews(): readonly WeightReviewRecord[];
}

export interface BacktestCounts {
  readonly bars: number;
  readonly orders: number;
  readonly rejectedOrders: number;
  readonly fills: number;
  readonly fundingSettlements: number;
  /** Target orders not sent because the venue would refuse their size. */
  readonly skippedOrders: number;
  /** Entries the risk engine refused or cut. */
  readonly riskRefused: number;
  readonly riskResized: number;
  readonly circuitBreakerTrips: number;
}

/** Risk decisions of a run by rule. */
export type RiskTally = Readonly<
  Partial<Record<RiskRule, { readonly refused: number; readonly resized: number; readonly halted: number }>>
>;

export interface BacktestResult {
  /** What produced it; absent means a backtest. Paper sessions report in the same shape. */
  readonly mode?: 'backtest' | 'paper' | 'live';
  readonly strategy: string;
  readonly spec: BacktestSpec;
  /** True when any input series was generated (every report title says so). */
  readonly synthetic: boolean;
  readonly firstBarOpen: number;
  readonly lastBarClose: number;
  readonly counts: BacktestCounts;
  readonly fundingCoverage: FundingCoverage;
  readonly metrics: BacktestMetrics;
  readonly trades: readonly TradeRecord[];
  readonly equity: EquityCurve;
  /** Risk decisions by rule (empty without a risk engine). */
  readonly riskByRule: RiskTally;
  /** The weight reviews replayed during the run, oldest first (only with a `reviewer`). */
  readonly weightReviews?: readonly WeightReviewRecord[];
}
