import { ConfigError, InvariantError } from '../../core/index.js';
import type { CombinerConfig } from '../../config/index.js';
import type { Regime, ScoreSnapshot, SignalReading } from '../../signals/index.js';

type CombinerRecord = NonNullable<ScoreSnapshot['combiner']>;

/** Turns the fixed-weight snapshot into the one the strategy acts on. */
export type Rescore = (snapshot: ScoreSnapshot) => ScoreSnapshot;

/**
 * A learned model loaded once at start-up and ready to score synchronously at every bar close.
 * Building one from a saved artifact (reading the file, checking its features) is the caller's job:
 * see `loadCombinerModel` in src/cli/backtest/combiner-model.ts.
 */
export interface CombinerModel {
  /** Calibrated P(a long beats its round-trip cost over the model's horizon), in [0, 1]. */
  probability(signals: readonly SignalReading[], regime: Regime): number;
  /** Journaled with every rescored snapshot. */
  readonly model: CombinerRecord['model'];
}

/** True for an object shaped like a `CombinerModel` (strategy params are untyped). */
export function isCombinerModel(value: unknown): value is CombinerModel {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<CombinerModel>;
  return typeof candidate.probability === 'function' && typeof candidate.model === 'object';
}

/**
 * The `rescore` hook for `signals.combiner`: none in `fixed` mode; in `ai` mode the score becomes
 * 2p - 1; in `blend` mode (1 - blend) x fixed + blend x (2p - 1). The snapshot records what happened
 * in `combiner`. A mode other than fixed without a model is a config error naming
 * `signals.combiner.model`.
 */
export function combinerRescore(
  config: CombinerConfig,
  model: CombinerModel | undefined,
): Rescore | undefined {
  if (config.mode === 'fixed') return undefined;
  if (model === undefined)
    throw new ConfigError(
      `signals.combiner.mode is ${config.mode} but no model was loaded: load signals.combiner.model ` +
        `(${config.model ?? 'not set'}) before building the strategy`,
    );
  const mode = config.mode;
  const blend = mode === 'ai' ? 1 : config.blend;
  return (snapshot) => {
    const probability = model.probability(snapshot.signals, snapshot.regime);
    if (!(probability >= 0 && probability <= 1))
      throw new InvariantError(
        `the ${model.model.kind} model (data ${model.model.dataHash.slice(0, 12)}) gave probability ${probability} at ${snapshot.time}`,
      );
    const aiScore = 2 * probability - 1;
    const fixedScore = snapshot.score;
    const score = mode === 'ai' ? aiScore : (1 - blend) * fixedScore + blend * aiScore;
    const combiner: CombinerRecord = { mode, probability, aiScore, fixedScore, blend, model: model.model };
    return { ...snapshot, score, combiner };
  };
}
