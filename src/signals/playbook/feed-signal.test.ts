import { describe, expect, it } from 'vitest';
import { HOUR_MS, type EpochMs } from '../../core/index.js';
import type { DataEvent } from '../../strategy/index.js';
import { NETWORK_CHANNELS, SENTIMENT_CHANNELS } from './feed-channels.js';
import { FeedSignal } from './feed-signal.js';

const T0 = 1_700_000_000_000;
const at = (hours: number): EpochMs => (T0 + hours * HOUR_MS) as EpochMs;

function datum(source: string, key: string, value: number | undefined, availableHours: number): DataEvent {
  return { source, key, value, eventTime: at(availableHours - 24), availableAt: at(availableHours) };
}

function network(): FeedSignal {
  return new FeedSignal({
    name: 'network',
    family: 'network',
    channels: NETWORK_CHANNELS,
    staleAfterMs: 48 * HOUR_MS,
  });
}

describe('FeedSignal', () => {
  it('is null until a consumed datum arrives, and ignores other sources and keys', () => {
    const signal = network();
    expect(signal.reading(at(0)).value).toBeNull();
    expect(signal.update(datum('numerai', 'payout_factor', 0.9, 0))).toBe(false);
    expect(signal.update(datum('sentiment', 'network_health', 0.9, 0))).toBe(false);
    expect(signal.reading(at(0)).value).toBeNull();
  });

  it('averages the fresh channels: health 0.6 and netflow z +1.5 (into exchanges: -0.5) give 0.05', () => {
    const signal = network();
    signal.update(datum('numerai', 'network_health', 0.6, 0));
    signal.update(datum('onchain', 'exchange_netflow_z', 1.5, 10));
    const reading = signal.reading(at(10));
    expect(reading.value).toBeCloseTo(0.05, 12);
    expect(reading.inputs).toEqual({
      'numerai.network_health': 0.6,
      'numerai.network_health.age_h': 10,
      'onchain.exchange_netflow_z': 1.5,
      'onchain.exchange_netflow_z.age_h': 0,
    });
  });

  it('drops a stale channel from the mean at its own staleness', () => {
    const signal = network();
    signal.update(datum('numerai', 'network_health', 0.6, 0));
    signal.update(datum('onchain', 'exchange_netflow_z', 1.5, 10));
    expect(signal.reading(at(49)).value, 'health is 49 h old: only netflow counts').toBeCloseTo(-0.5, 12);
    expect(signal.reading(at(49)).inputs['numerai.network_health']).toBeNull();
  });

  it('becomes null again exactly when the last datum is older than the staleness (48 h)', () => {
    const signal = network();
    signal.update(datum('numerai', 'network_health', 0.6, 0));
    expect(signal.reading((at(48) - 1) as EpochMs).value).toBe(0.6);
    expect(signal.reading(at(48)).value, 'exactly 48 h old is still usable').toBe(0.6);
    expect(signal.reading((at(48) + 1) as EpochMs).value, '48 h + 1 ms is stale').toBeNull();
  });

  it('never shows a datum before its availableAt, and ages it from availableAt, not eventTime', () => {
    const signal = network();
    signal.update(datum('numerai', 'network_health', 0.6, 5)); // eventTime 24 h earlier
    expect(signal.reading((at(5) - 1) as EpochMs).value).toBeNull();
    expect(signal.reading(at(5)).inputs['numerai.network_health.age_h']).toBe(0);
    expect(signal.reading(at(52)).value, '47 h after availableAt, 71 h after eventTime').toBe(0.6);
  });

  it('keeps the datum with the later availableAt and clamps values to [-1, 1]', () => {
    const signal = network();
    signal.update(datum('numerai', 'network_health', 2, 3));
    expect(signal.update(datum('numerai', 'network_health', -0.2, 1))).toBe(false);
    expect(signal.reading(at(3)).value).toBe(1);
    expect(signal.reading(at(3)).inputs['numerai.network_health'], 'the raw value is recorded').toBe(2);
  });

  it('ignores a datum without a finite value', () => {
    const signal = network();
    expect(signal.update(datum('numerai', 'network_health', undefined, 0))).toBe(false);
    expect(signal.update(datum('numerai', 'network_health', Number.NaN, 0))).toBe(false);
    expect(signal.reading(at(0)).value).toBeNull();
  });

  it('reads sentiment_score from source sentiment, stale after its own 12 h', () => {
    const signal = new FeedSignal({
      name: 'sentiment',
      family: 'sentiment',
      channels: SENTIMENT_CHANNELS,
      staleAfterMs: 12 * HOUR_MS,
    });
    signal.update(datum('sentiment', 'sentiment_score', -0.4, 0));
    expect(signal.reading(at(12)).value).toBe(-0.4);
    expect(signal.reading((at(12) + 1) as EpochMs).value).toBeNull();
  });
});
