import { HOUR_MS } from '../../core/index.js';
import type { SignalsConfig } from '../../config/index.js';
import { MeanReversionSignal, MomentumSignal, PlaybookSignals } from '../../signals/index.js';
import type { SignalSetFactory } from './lookahead.types.js';

/** The longest funding interval a venue uses (docs/signals.md: settlements every 4 or 8 h). */
export const LONGEST_SETTLEMENT_INTERVAL_MS = 8 * HOUR_MS;

/**
 * `PlaybookSignals` built from the config's `signals` section, with each signal's documented
 * warm-up: momentum and mean reversion their `requiredInputs` closes, funding one settlement
 * interval (the latest settlement stays in force), network and sentiment their staleness.
 * All five are windowed: nothing older than the warm-up may change a reading.
 */
export function playbookSignalSet(config: SignalsConfig, barMs: number): SignalSetFactory {
  return {
    create: () => new PlaybookSignals(config, barMs),
    warmUp: {
      momentum: { bars: new MomentumSignal(config.momentum, barMs).requiredInputs, kind: 'windowed' },
      mean_reversion: {
        bars: new MeanReversionSignal(config.meanReversion, barMs).requiredInputs,
        kind: 'windowed',
      },
      funding: { ms: LONGEST_SETTLEMENT_INTERVAL_MS, kind: 'windowed' },
      network: { ms: config.staleAfterHours.network * HOUR_MS, kind: 'windowed' },
      sentiment: { ms: config.staleAfterHours.sentiment * HOUR_MS, kind: 'windowed' },
    },
  };
}
