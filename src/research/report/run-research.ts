import { HOUR_MS, InputError } from '../../core/index.js';
import type { SignalsConfig } from '../../config/index.js';
import { syntheticTitle } from '../../data/index.js';
import type { EventStream } from '../lookahead/index.js';
import { type ClaimOptions, fundingClaims, networkLeads } from './claims.js';
import { collectInputs } from './collect.js';
import type { ResearchReport } from './research.types.js';
import { signalStudy } from './signal-study.js';

/** Forward-return horizons of the signal study, in hours. */
export const DEFAULT_HORIZONS_HOURS: readonly number[] = [1, 4, 12, 24, 72];
/** Lags of "network health leads funding", in hours. */
export const DEFAULT_LAGS_HOURS: readonly number[] = [0, 8, 24, 72];
export const DEFAULT_CLAIM_OPTIONS: ClaimOptions = {
  threshold: 0.001,
  horizonHours: 24,
  minCount: 10,
  resamples: 2000,
  seed: 1,
  lagsHours: DEFAULT_LAGS_HOURS,
};

export interface ResearchRequest {
  readonly stream: EventStream;
  readonly signals: SignalsConfig;
  readonly horizonsHours: readonly number[];
  readonly claims: ClaimOptions;
  readonly market: { readonly exchange: string; readonly symbol: string; readonly timeframe: string };
  /** True when any input (bars, funding, feed data) was generated. */
  readonly synthetic: boolean;
}

/** Horizons in whole bars; each must be a positive multiple of the bar length. */
export function horizonBars(horizonsHours: readonly number[], barMs: number): number[] {
  return horizonsHours.map((h) => {
    const bars = (h * HOUR_MS) / barMs;
    if (!Number.isInteger(bars) || bars < 1)
      throw new InputError(
        `horizon ${Number.isInteger(h) ? `${h}h` : `${h * 60}m`} is not a whole number of ${barMs / 60_000}-minute bars`,
      );
    return bars;
  });
}

/** The signal study and the playbook claims on one replay of `stream`. */
export function runResearch(r: ResearchRequest): ResearchReport {
  const bars = horizonBars(r.horizonsHours, r.stream.barMs);
  const inputs = collectInputs(r.stream, r.signals);
  const { exchange, symbol, timeframe } = r.market;
  return {
    title: syntheticTitle(`Research: playbook signals on ${exchange} ${symbol} ${timeframe}`, r.synthetic),
    synthetic: r.synthetic,
    exchange,
    symbol,
    timeframe,
    firstBarClose: inputs.closeTimes[0] ?? 0,
    lastBarClose: inputs.closeTimes[inputs.closeTimes.length - 1] ?? 0,
    bars: inputs.closes.length,
    settlements: inputs.settlements.length,
    fundingSources: {
      real: inputs.settlements.filter((s) => s.source === 'real').length,
      'premium-estimate': inputs.settlements.filter((s) => s.source === 'premium-estimate').length,
      constant: inputs.settlements.filter((s) => s.source === 'constant').length,
    },
    networkData: inputs.networkHealth.length,
    signals: signalStudy(inputs, bars, r.stream.barMs / HOUR_MS),
    fundingClaims: fundingClaims(inputs, r.claims),
    networkLeads: networkLeads(inputs, r.claims),
  };
}
