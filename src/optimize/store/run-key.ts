import { createHash } from 'node:crypto';
import { stableJson } from '../../journal/run-id.js';
import type { MarketData } from '../market-data.js';
import type { PortableJobContext } from '../portable-context.js';
import { type SearchKind, createSearcher } from '../search/create-searcher.js';
import type { Space } from '../space.js';
import { type WalkForwardSpec, walkForwardWindows } from '../walk-forward.js';

/** Everything that decides an optimisation's backtests and report. */
export interface OptimizeRunInputs {
  /** The spec, strategy, config, fixed parameters, objective and constraints every job shares. */
  readonly context: PortableJobContext;
  readonly space: Space;
  readonly searcher: SearchKind;
  readonly seed: number;
  readonly trials: number;
  /** Jobs asked of the searcher at once (the runner's parallelism unless set). */
  readonly batch: number;
  readonly walkForward?: WalkForwardSpec | undefined;
  readonly pboGroups: number;
  /** `marketHash` of the market the jobs run on. */
  readonly marketHash: string;
  /** SHA-256 of files the jobs read besides the store (a strategy file, the combiner model), by name. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Config sections that say where nmrbot keeps things and whom it tells, never what a backtest does. */
const NOT_IN_KEY = ['store', 'journal', 'server', 'alerts'] as const;

/**
 * The SHA-256 (hex) of the canonical JSON of the inputs: two runs with the same key run the same
 * backtests. The batch counts only for TPE: grid and random search propose the same points in the
 * same order whatever the batch, so such a run resumes on a runner of another parallelism.
 */
export function optimizeRunKey(inputs: OptimizeRunInputs): string {
  const { context, space, walkForward } = inputs;
  const config: Record<string, unknown> | undefined = context.config && { ...context.config };
  if (config) for (const k of NOT_IN_KEY) delete config[k];
  const canonical = stableJson({
    version: 1,
    context: { ...context, config },
    space: space.dims,
    searcher: inputs.searcher,
    seed: inputs.seed,
    trials: inputs.trials,
    batch: inputs.searcher === 'tpe' ? inputs.batch : null,
    walkForward: walkForward && {
      ...walkForward,
      purgeBars: walkForward.purgeBars ?? 0,
      embargoBars: walkForward.embargoBars ?? 0,
    },
    pboGroups: inputs.pboGroups,
    marketHash: inputs.marketHash,
    files: inputs.files ?? {},
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Backtests an optimisation plans: `optimizeOnMarket`'s progress total. */
export function plannedBacktests(
  market: MarketData,
  o: { space: Space; searcher: SearchKind; trials: number; walkForward?: WalkForwardSpec | undefined },
): number {
  const perSearch = Math.min(o.trials, createSearcher(o.searcher, o.space).size ?? Infinity);
  if (!o.walkForward) return perSearch;
  const bars = market.bars;
  return walkForwardWindows(bars.openTime, bars.timeframeMs, o.walkForward).length * (perSearch + 1);
}
