import { type EpochMs, HOUR_MS } from '../../core/index.js';
import { SynthRandom } from '../../data/index.js';
import type { DataEvent } from '../../strategy/index.js';

/** One generated channel: a datum every `everyHours`, available `delayHours` after its event time. */
const CHANNELS = [
  { source: 'numerai', key: 'network_health', everyHours: 24, delayHours: 2, scale: 0.5 },
  { source: 'onchain', key: 'exchange_netflow_z', everyHours: 12, delayHours: 1, scale: 1.5 },
  { source: 'sentiment', key: 'sentiment_score', everyHours: 6, delayHours: 0.5, scale: 0.4 },
] as const;

/**
 * SYNTHETIC feed data for a look-ahead check on a generated market: seeded random values for the
 * network and sentiment channels over [from, to), with gaps (about one datum in eight missing) so
 * that staleness is exercised. Not a model of the real feeds; `payload` says it was generated.
 */
export function syntheticFeedEvents(from: number, to: number, seed: number): DataEvent[] {
  const events: DataEvent[] = [];
  CHANNELS.forEach((c, stream) => {
    const random = new SynthRandom(seed, 0xfeed + stream);
    for (let t = from; t < to; t += c.everyHours * HOUR_MS) {
      if (random.chance(1 / 8)) continue;
      const availableAt = t + c.delayHours * HOUR_MS;
      if (availableAt >= to) break;
      events.push({
        source: c.source,
        key: c.key,
        eventTime: t as EpochMs,
        availableAt: availableAt as EpochMs,
        value: c.scale * random.normal(),
        payload: { synthetic: true },
      });
    }
  });
  return events.sort((a, b) => a.availableAt - b.availableAt);
}
