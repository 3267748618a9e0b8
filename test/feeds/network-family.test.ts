import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedAltData } from '../../src/cli/backtest/stored-alt-data.js';
import { defaultConfig } from '../../src/config/index.js';
import { epochMs } from '../../src/core/index.js';
import { AltDataStore } from '../../src/data/index.js';
import { fetchNumerai } from '../../src/feeds/numerai/index.js';
import { TempStores, fastConfig, noWait } from '../../src/feeds/numerai/test-fixtures.js';
import { PlaybookSignals } from '../../src/signals/index.js';
import { type NumeraiDouble, startNumeraiDouble } from '../doubles/numerai/index.js';

const NOW = Date.UTC(2021, 11, 31);
const H = 3_600_000;

/**
 * From the Numerai API (the loopback double serving the real rounds 168-382) through the store to the
 * playbook's network family: what the feed stores is what the signal reads, at `availableAt` and not
 * before.
 */
describe('Numerai feed -> store -> backtest replay -> network signal', () => {
  let double: NumeraiDouble;
  const stores = new TempStores();
  beforeAll(async () => {
    double = await startNumeraiDouble({ now: () => NOW });
  });
  afterAll(async () => {
    await double.close();
    stores.cleanup();
  });

  it('the network family reads the last network_health known at each time, neutral before any', async () => {
    const store = stores.open('family');
    await fetchNumerai(
      store,
      fastConfig(),
      { baseUrl: double.url, now: NOW, since: Date.UTC(2021, 0, 1) },
      noWait,
    );
    const health = new AltDataStore(store.db).load('numerai', {}, 'network_health');
    expect(health.length).toBeGreaterThan(10);
    const { events } = storedAltData(store, undefined, undefined);
    const signals = new PlaybookSignals(defaultConfig().signals, H);
    const first = health[0];
    const second = health[1];
    if (!first || !second) throw new Error('no health rows');
    expect(
      signals.readings(epochMs(first.availableAt - 1)).find((r) => r.name === 'network')?.value,
    ).toBeNull();
    for (const e of events) if (e.availableAt <= second.availableAt) signals.onData(e);
    const network = signals.readings(second.availableAt).find((r) => r.name === 'network');
    expect(network?.value).toBe(second.value);
    // Staleness: 48 h after the last datum the family is neutral again.
    const stale = signals
      .readings(epochMs(second.availableAt + 48 * H + 1))
      .find((r) => r.name === 'network');
    expect(stale?.value).toBeNull();
  });
});
