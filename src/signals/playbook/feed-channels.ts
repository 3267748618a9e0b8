import { clampUnit, opposing } from './unit-scale.js';

/** One alternative datum a feed signal consumes: `DataEvent.source` + `DataEvent.key`. */
export interface FeedChannel {
  readonly source: string;
  readonly key: string;
  /** Maps the datum's `value` to [-1, 1], + favouring long. */
  readonly toSignal: (value: number) => number;
}

/** An exchange netflow this many standard deviations into exchanges scores -1 (selling pressure). */
export const NETFLOW_Z_FULL_SCALE = 3;

/** The data behind the network signal: Numerai tournament health and on-chain NMR flows. */
export const NETWORK_CHANNELS: readonly FeedChannel[] = [
  { source: 'numerai', key: 'network_health', toSignal: clampUnit },
  { source: 'onchain', key: 'exchange_netflow_z', toSignal: (z) => opposing(z / NETFLOW_Z_FULL_SCALE) },
];

/** The data behind the sentiment signal: a compound score in [-1, 1] (VADER + lexicon). */
export const SENTIMENT_CHANNELS: readonly FeedChannel[] = [
  { source: 'sentiment', key: 'sentiment_score', toSignal: clampUnit },
];
