import { ConfigError, DAY_MS, InputError } from '../core/index.js';
import type { BacktestMetrics, BacktestResult, BacktestSpec } from '../backtest/index.js';
import type { NmrbotConfig } from '../config/index.js';
import { type Strategy, type StrategyFactory, loadStrategy } from '../strategy/index.js';
import { resolveParams } from './apply-params.js';
import { type MarketData, type TimeWindow, runOnMarket } from './market-data.js';
import { type Constraint, type ObjectiveFn, scoreRun } from './objective.js';
import type { ParamSet } from './space.js';

/** One unit of work: a parameter set on a span of bars. Plain data, so it can cross to a worker. */
export interface OptimizeJob {
  readonly id: number;
  readonly params: ParamSet;
  readonly window: TimeWindow;
  /** Keep the bar-by-bar equity in the result (out-of-sample runs); trials keep only daily returns. */
  readonly keepEquity?: boolean;
}

/** What a job gives back. Plain data. */
export interface TrialResult {
  readonly jobId: number;
  readonly params: ParamSet;
  readonly window: TimeWindow;
  /** The objective, or -Infinity when a constraint was broken or the parameters were invalid. */
  readonly score: number;
  /** Why the score is -Infinity (broken constraints, an invalid config), else empty. */
  readonly rejected: readonly string[];
  readonly metrics: BacktestMetrics | undefined;
  /** Returns of each UTC day (last equity sample of the day), for the overfitting diagnostics. */
  readonly dailyReturns: readonly number[];
  /** Equity at each bar close when the job asked for it (for stitching out-of-sample curves), else empty. */
  readonly equity: { readonly time: readonly number[]; readonly equity: readonly number[] };
}

/** What every job of one optimisation shares: read-only after the start. */
export interface JobContext {
  readonly market: MarketData;
  readonly spec: BacktestSpec;
  /** A built-in strategy name or file (through `loadStrategy`), or a factory. */
  readonly strategy: string | StrategyFactory;
  /** The resolved config and fixed strategy parameters the trial parameters are written over. */
  readonly base?: {
    readonly config?: NmrbotConfig | undefined;
    readonly params?: Readonly<Record<string, unknown>>;
  };
  readonly objective: ObjectiveFn;
  readonly constraints: readonly Constraint[];
}

/** Runs one job in this process. */
export async function runJob(ctx: JobContext, job: OptimizeJob): Promise<TrialResult> {
  let resolved;
  try {
    resolved = resolveParams(job.params, ctx.base);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof InputError) return rejected(job, e.message);
    throw e;
  }
  const strategy: Strategy =
    typeof ctx.strategy === 'string'
      ? await loadStrategy(ctx.strategy, resolved.strategyParams)
      : ctx.strategy(resolved.strategyParams);
  // A spec with risk limits follows the trial's config, so `risk.*` paths reach the risk engine too.
  const spec = ctx.spec.risk && resolved.config ? { ...ctx.spec, risk: resolved.config.risk } : ctx.spec;
  const result = runOnMarket(ctx.market, spec, strategy, job.window);
  const { score, broken } = scoreRun(result.metrics, ctx.objective, ctx.constraints);
  return {
    jobId: job.id,
    params: job.params,
    window: job.window,
    score,
    rejected: broken,
    metrics: result.metrics,
    dailyReturns: dailyReturns(result),
    equity: job.keepEquity
      ? { time: Array.from(result.equity.column('time')), equity: Array.from(result.equity.column('equity')) }
      : { time: [], equity: [] },
  };
}

function rejected(job: OptimizeJob, reason: string): TrialResult {
  return {
    jobId: job.id,
    params: job.params,
    window: job.window,
    score: -Infinity,
    rejected: [reason],
    metrics: undefined,
    dailyReturns: [],
    equity: { time: [], equity: [] },
  };
}

/** Daily returns from the last equity sample of each UTC day, the first against the initial balance. */
export function dailyReturns(result: BacktestResult): number[] {
  const time = result.equity.column('time');
  const eq = result.equity.column('equity');
  const out: number[] = [];
  let prev = result.metrics.initialEquity;
  for (let i = 0; i < eq.length; i++) {
    const lastOfDay =
      i === eq.length - 1 ||
      Math.floor((time[i + 1] as number) / DAY_MS) !== Math.floor((time[i] as number) / DAY_MS);
    if (!lastOfDay) continue;
    const e = eq[i] as number;
    out.push(prev > 0 ? e / prev - 1 : 0);
    prev = e;
  }
  return out;
}
