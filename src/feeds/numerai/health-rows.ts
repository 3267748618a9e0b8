import type { EpochMs } from '../../core/index.js';
import type { AltDataStore, AltDatum } from '../../data/index.js';
import { NUMERAI_KEYS, NUMERAI_SOURCE } from './keys.js';
import { type HealthInput, type HealthRound, computeNetworkHealth } from './network-health.js';

const INPUT_KEYS: Readonly<Record<HealthInput, string>> = {
  swmmCorr: NUMERAI_KEYS.swmmCorr,
  payoutFactor: NUMERAI_KEYS.payoutFactor,
  totalAtStake: NUMERAI_KEYS.totalAtStake,
  burnRatio: NUMERAI_KEYS.burnRatio,
};

const roundOf = (d: AltDatum): number | undefined => {
  const round = (d.payload as { round?: unknown } | undefined)?.round;
  return typeof round === 'number' && Number.isInteger(round) ? round : undefined;
};

/** The stored per-round inputs of network health, one entry per round (by the payload's round). */
export function loadHealthRounds(alt: AltDataStore): HealthRound[] {
  const byRound = new Map<number, { eventTime: EpochMs; inputs: Partial<Record<HealthInput, AltDatum>> }>();
  for (const [input, key] of Object.entries(INPUT_KEYS) as [HealthInput, string][]) {
    for (const d of alt.load(NUMERAI_SOURCE, {}, key)) {
      const round = roundOf(d);
      if (round === undefined || d.value === undefined) continue;
      const entry = byRound.get(round) ?? { eventTime: d.eventTime, inputs: {} };
      entry.inputs[input] = d;
      entry.eventTime = Math.max(entry.eventTime, d.eventTime) as EpochMs;
      byRound.set(round, entry);
    }
  }
  return [...byRound].map(([round, e]) => ({
    round,
    eventTime: e.eventTime,
    inputs: Object.fromEntries(
      Object.entries(e.inputs).map(([k, d]) => [k, { value: d.value ?? NaN, availableAt: d.availableAt }]),
    ),
  }));
}

/** Network-health rows recomputed from everything stored (unchanged points upsert as unchanged). */
export function networkHealthRows(alt: AltDataStore, window: number): AltDatum[] {
  return computeNetworkHealth(loadHealthRounds(alt), window).map((p) => ({
    source: NUMERAI_SOURCE,
    key: NUMERAI_KEYS.networkHealth,
    eventTime: p.eventTime,
    availableAt: p.availableAt,
    value: p.value,
    payload: { round: p.round, inputsFrom: p.inputsFrom, window, components: p.components },
  }));
}
