import { HOUR_MS, type EpochMs } from '../../core/index.js';
import type { DataEvent } from '../../strategy/index.js';
import type { SignalFamily, SignalName, SignalReading } from '../signal.types.js';
import type { FeedChannel } from './feed-channels.js';

interface Datum {
  readonly value: number;
  readonly availableAt: EpochMs;
}

export interface FeedSignalSettings {
  readonly name: SignalName;
  readonly family: SignalFamily;
  readonly channels: readonly FeedChannel[];
  /** A datum is usable while `time - availableAt <= staleAfterMs`. */
  readonly staleAfterMs: number;
}

/**
 * A signal fed by alternative data: the mean of its channels' latest usable data, each mapped to
 * [-1, 1]. A datum is usable at `time` when `availableAt <= time` and it is at most `staleAfterMs`
 * old (by `availableAt`, never `eventTime`). Null while no channel has a usable datum.
 * Inputs per channel: `<source>.<key>` (the raw value, null when missing or stale) and
 * `<source>.<key>.age_h` (hours since its availableAt, null before the first datum).
 */
export class FeedSignal {
  readonly #settings: FeedSignalSettings;
  readonly #latest = new Map<FeedChannel, Datum>();

  constructor(settings: FeedSignalSettings) {
    this.#settings = settings;
  }

  /** Keeps the datum if one of this signal's channels consumes it; a later `availableAt` wins. */
  update(event: DataEvent): boolean {
    const channel = this.#settings.channels.find((c) => c.source === event.source && c.key === event.key);
    if (channel === undefined || event.value === undefined || !Number.isFinite(event.value)) return false;
    const previous = this.#latest.get(channel);
    if (previous !== undefined && previous.availableAt > event.availableAt) return false;
    this.#latest.set(channel, { value: event.value, availableAt: event.availableAt });
    return true;
  }

  reading(time: EpochMs): SignalReading {
    const inputs: Record<string, number | null> = {};
    let sum = 0;
    let usable = 0;
    for (const channel of this.#settings.channels) {
      const input = `${channel.source}.${channel.key}`;
      const datum = this.#latest.get(channel);
      const visible = datum !== undefined && datum.availableAt <= time;
      const fresh = visible && time - datum.availableAt <= this.#settings.staleAfterMs;
      inputs[input] = fresh ? datum.value : null;
      inputs[`${input}.age_h`] = visible ? (time - datum.availableAt) / HOUR_MS : null;
      if (fresh) {
        sum += channel.toSignal(datum.value);
        usable++;
      }
    }
    const { name, family } = this.#settings;
    return { name, family, value: usable === 0 ? null : sum / usable, inputs };
  }
}
