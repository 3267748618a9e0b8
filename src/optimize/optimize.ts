import { InputError } from '../core/index.js';
import type { BacktestSpec } from '../backtest/index.js';
import type { MarketStore } from '../data/index.js';
import type { DataEvent, StrategyFactory } from '../strategy/index.js';
import type { NmrbotConfig } from '../config/index.js';
import type { JobContext, OptimizeJob, TrialResult } from './job.js';
import type { JobRunner } from './runners/job-runner.js';
import { LocalRunner } from './runners/local-runner.js';
import { type MarketData, type TimeWindow, loadMarketData } from './market-data.js';
import { type Constraint, type ObjectiveFn, type ObjectiveName, resolveObjective } from './objective.js';
import { type Diagnostics, diagnose } from './diagnostics.js';
import { createSearcher } from './search/create-searcher.js';
import type { Searcher } from './search/searcher.types.js';
import type { Space } from './space.js';
import { type WalkForwardSpec, type WalkForwardWindow, walkForwardWindows } from './walk-forward.js';

export interface OptimizeProgress {
  /** Jobs done and planned: `trials` (or the grid's size if smaller) per window, plus one out-of-sample run each. */
  readonly done: number;
  readonly total: number;
  readonly window: number;
  readonly bestScore: number;
}

export interface OptimizeOptions {
  readonly store: MarketStore;
  readonly spec: BacktestSpec;
  readonly strategy: string | StrategyFactory;
  readonly space: Space;
  /** `grid`, `random`, `tpe`, or a factory giving a fresh searcher (one per walk-forward window). */
  readonly searcher: 'grid' | 'random' | 'tpe' | ((space: Space) => Searcher);
  readonly seed?: number;
  readonly objective: ObjectiveName | ObjectiveFn;
  readonly constraints?: readonly Constraint[];
  /** Trials per search (per window with walk-forward); a grid stops earlier when it runs out. */
  readonly trials: number;
  readonly walkForward?: WalkForwardSpec;
  readonly base?: JobContext['base'] & { readonly config?: NmrbotConfig | undefined };
  readonly data?: readonly DataEvent[];
  /**
   * Jobs asked of the searcher at once (default: the runner's parallelism; 1 in this process, so
   * every result informs the next proposal). Results are told to the searcher in job order, so the
   * same batch gives the same trials on any runner.
   */
  readonly batch?: number;
  /** Where the backtests run (default: one after another in this process). The caller closes it. */
  readonly runner?: JobRunner;
  /** Even number of blocks for PBO (default 8). */
  readonly pboGroups?: number;
  readonly onProgress?: (p: OptimizeProgress) => void;
}

export interface SearchReport {
  readonly window: TimeWindow;
  /** Every trial in the order run. */
  readonly trials: readonly TrialResult[];
  /** The highest-scoring feasible trial (the first one on ties); undefined when none was feasible. */
  readonly best: TrialResult | undefined;
  readonly diagnostics: Diagnostics | undefined;
}

export interface WalkForwardStep {
  readonly window: WalkForwardWindow;
  readonly inSample: SearchReport;
  /** The in-sample best run out of sample (undefined when no trial was feasible in sample). */
  readonly outOfSample: TrialResult | undefined;
}

export interface OptimizeReport {
  /** The search over the whole span (without walk-forward). */
  readonly search?: SearchReport;
  readonly walkForward?: {
    readonly steps: readonly WalkForwardStep[];
    /** Out-of-sample equity of every window chained: each window compounds on the last one's end. */
    readonly stitched: { readonly time: readonly number[]; readonly equity: readonly number[] };
  };
}

/**
 * Runs an optimisation in this process, one backtest after another, over market data read from the
 * store once. Each backtest is an `OptimizeJob` (plain data) giving a `TrialResult` (plain data).
 */
export async function optimize(o: OptimizeOptions): Promise<OptimizeReport> {
  return optimizeOnMarket(loadMarketData(o.store, o.spec, o.data), o);
}

/** `optimize` over market data already loaded: no backtest reads the store. */
export async function optimizeOnMarket(
  market: MarketData,
  o: Omit<OptimizeOptions, 'store' | 'data'>,
): Promise<OptimizeReport> {
  if (!(Number.isInteger(o.trials) && o.trials >= 1))
    throw new InputError(`trials must be an integer >= 1, got ${o.trials}`);
  const ctx: JobContext = {
    market,
    spec: o.spec,
    strategy: o.strategy,
    base: o.base,
    objective: resolveObjective(o.objective),
    constraints: o.constraints ?? [],
  };
  const newSearcher = (): Searcher =>
    typeof o.searcher === 'function'
      ? o.searcher(o.space)
      : createSearcher(o.searcher, o.space, { seed: o.seed ?? 1 });
  const runner = o.runner ?? new LocalRunner(ctx);
  const counter = { nextId: 0, done: 0 };
  const bars = market.bars;
  const allBars: TimeWindow = {
    from: bars.openTime[0] as number,
    to: (bars.openTime[bars.length - 1] as number) + bars.timeframeMs,
  };
  const perSearch = Math.min(o.trials, newSearcher().size ?? Infinity);
  if (!o.walkForward) {
    const search = await searchWindow(o, runner, newSearcher(), allBars, 0, perSearch, counter);
    return { search };
  }
  const windows = walkForwardWindows(bars.openTime, bars.timeframeMs, o.walkForward);
  const total = windows.length * (perSearch + 1);
  const steps: WalkForwardStep[] = [];
  for (const w of windows) {
    const inSample = await searchWindow(o, runner, newSearcher(), w.inSample, w.index, total, counter);
    let outOfSample: TrialResult | undefined;
    if (inSample.best) {
      [outOfSample] = await runner.run([
        { id: counter.nextId++, params: inSample.best.params, window: w.outOfSample, keepEquity: true },
      ]);
    }
    counter.done++;
    o.onProgress?.({
      done: counter.done,
      total,
      window: w.index,
      bestScore: inSample.best?.score ?? -Infinity,
    });
    steps.push({ window: w, inSample, outOfSample });
  }
  return { walkForward: { steps, stitched: stitch(steps) } };
}

async function searchWindow(
  o: Omit<OptimizeOptions, 'store' | 'data'>,
  runner: JobRunner,
  searcher: Searcher,
  window: TimeWindow,
  windowIndex: number,
  total: number,
  counter: { nextId: number; done: number },
): Promise<SearchReport> {
  const trials: TrialResult[] = [];
  let best: TrialResult | undefined;
  const batch = Math.max(1, o.batch ?? runner.parallelism);
  let bestSoFar = -Infinity;
  while (trials.length < o.trials) {
    const points = searcher.ask(Math.min(batch, o.trials - trials.length));
    if (points.length === 0) break;
    const jobs: OptimizeJob[] = points.map((params) => ({ id: counter.nextId++, params, window }));
    const results = await runner.run(jobs, (r) => {
      bestSoFar = Math.max(bestSoFar, r.score);
      counter.done++;
      o.onProgress?.({ done: counter.done, total, window: windowIndex, bestScore: bestSoFar });
    });
    // In job order, so the best (the first one on ties) does not depend on which job finished first.
    for (const r of results) if (r.score > -Infinity && (!best || r.score > best.score)) best = r;
    trials.push(...results);
    searcher.tell(results.map((r) => ({ params: r.params, score: r.score })));
  }
  return { window, trials, best, diagnostics: diagnose(trials, best, o.pboGroups ?? 8) };
}

function stitch(steps: readonly WalkForwardStep[]): { time: number[]; equity: number[] } {
  const time: number[] = [];
  const equity: number[] = [];
  let scale = 1;
  for (const s of steps) {
    const r = s.outOfSample;
    if (!r?.metrics) continue;
    const initial = r.metrics.initialEquity;
    const base = equity.length ? (equity[equity.length - 1] as number) : initial;
    scale = base / initial;
    for (let i = 0; i < r.equity.time.length; i++) {
      time.push(r.equity.time[i] as number);
      equity.push((r.equity.equity[i] as number) * scale);
    }
  }
  return { time, equity };
}
