import { NmrbotError } from '../core/index.js';

/** A strategy hook threw. The run stops with the hook and the original message named. */
export class StrategyError extends NmrbotError {
  override readonly name = 'StrategyError';
  readonly code = 'STRATEGY_FAILED';
  constructor(strategy: string, hook: string, cause: unknown) {
    super(
      `strategy ${strategy} failed in ${hook}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}
