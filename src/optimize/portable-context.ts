import type { BacktestSpec } from '../backtest/index.js';
import type { NmrbotConfig } from '../config/index.js';
import { loadCombinerModel } from '../research/model/index.js';
import { COMBINER_MODEL_PARAM } from '../strategy/playbook/nmr-playbook.js';
import type { JobContext } from './job.js';
import type { MarketData } from './market-data.js';
import { type Constraint, type ObjectiveName, resolveObjective } from './objective.js';

/**
 * What every job of an optimisation shares, but the market, as plain data (JSON and structured-clone
 * safe): what goes to a worker thread or a queue worker, which rebuilds its `JobContext` from it.
 * The combiner model is not sent: the worker loads `config.signals.combiner.model` itself.
 */
export interface PortableJobContext {
  readonly spec: BacktestSpec;
  /** A built-in strategy name, or a strategy file's absolute path. */
  readonly strategy: string;
  readonly config?: NmrbotConfig | undefined;
  /** Fixed strategy parameters: plain values only. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly objective: ObjectiveName;
  readonly constraints: readonly Constraint[];
}

/** The `JobContext` a portable context describes, over `market`; loads the combiner model if the config needs one. */
export async function jobContextFrom(portable: PortableJobContext, market: MarketData): Promise<JobContext> {
  const params: Record<string, unknown> = { ...portable.params };
  if (portable.config) {
    const model = await loadCombinerModel(portable.config.signals.combiner);
    if (model) params[COMBINER_MODEL_PARAM] = model;
  }
  return {
    market,
    spec: portable.spec,
    strategy: portable.strategy,
    base: { config: portable.config, params },
    objective: resolveObjective(portable.objective),
    constraints: portable.constraints,
  };
}
