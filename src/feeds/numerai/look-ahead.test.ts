import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NumeraiDouble, startNumeraiDouble } from '../../../test/doubles/numerai/index.js';
import type { AltDatum, MarketStore } from '../../data/index.js';
import { fetchNumerai } from './command.js';
import { CALENDAR_SOURCE, NUMERAI_KEYS, NUMERAI_SOURCE } from './keys.js';
import { TempStores, fastConfig, noWait, rows } from './test-fixtures.js';

const SINCE = Date.UTC(2019, 0, 1);
/** Every round the double serves has resolved by then. */
const END = Date.UTC(2026, 2, 31);
const HEALTH_INPUTS: readonly string[] = [
  NUMERAI_KEYS.swmmCorr,
  NUMERAI_KEYS.payoutFactor,
  NUMERAI_KEYS.totalAtStake,
  NUMERAI_KEYS.burnRatio,
];

const all = (store: MarketStore): AltDatum[] => [
  ...rows(store, CALENDAR_SOURCE),
  ...rows(store, NUMERAI_SOURCE),
];
const roundOf = (d: AltDatum): number => (d.payload as { round: number }).round;

describe('no look-ahead in what the numerai feed stores (real rounds 168-382 and 843-1197)', () => {
  let double: NumeraiDouble;
  let now = END;
  let final: MarketStore;
  const stores = new TempStores();
  beforeAll(async () => {
    double = await startNumeraiDouble({ now: () => now });
    final = stores.open('final');
    await fetchNumerai(final, fastConfig(), { baseUrl: double.url, now: END, since: SINCE }, noWait);
  });
  afterAll(async () => {
    await double.close();
    stores.cleanup();
  });

  it('dates every round value no earlier than the round resolved', () => {
    const resolveTimes = new Map<number, number>([
      ...double.data.rounds.map((r) => [r.number, r.resolveTime] as const),
      ...(double.data.models[0]?.rounds ?? []).map((r) => [r.roundNumber, r.roundResolveTime] as const),
    ]);
    const values = rows(final, NUMERAI_SOURCE);
    expect(values.length).toBeGreaterThan(2000);
    for (const d of values) {
      expect(d.availableAt, `${d.key} of round ${roundOf(d)}`).toBeGreaterThanOrEqual(
        resolveTimes.get(roundOf(d)) ?? Infinity,
      );
    }
    for (const d of rows(final, CALENDAR_SOURCE)) {
      const round = double.data.rounds.find((r) => r.number === roundOf(d));
      expect(d.availableAt, `${d.key} of round ${roundOf(d)} is known when the round opens`).toBe(
        round?.openTime,
      );
      expect(d.availableAt).toBeLessThan(d.eventTime);
    }
  });

  it('dates every health point no earlier than any value of the rounds it was computed from', () => {
    const inputs = rows(final, NUMERAI_SOURCE).filter((d) => HEALTH_INPUTS.includes(d.key));
    const health = rows(final, NUMERAI_SOURCE, NUMERAI_KEYS.networkHealth);
    expect(health.length).toBeGreaterThan(400);
    for (const h of health) {
      const from = (h.payload as { inputsFrom: number }).inputsFrom;
      for (const d of inputs) {
        if (roundOf(d) < from || d.eventTime > h.eventTime) continue;
        expect(
          h.availableAt,
          `health of round ${roundOf(h)} vs ${d.key} of round ${roundOf(d)}`,
        ).toBeGreaterThanOrEqual(d.availableAt);
      }
    }
  });

  it('stores at any moment exactly what the full history shows as available by then', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: Date.UTC(2019, 8, 1), max: END }), async (t) => {
        now = t;
        const store = stores.open(`at-${run++}`);
        await fetchNumerai(store, fastConfig(), { baseUrl: double.url, now: t, since: SINCE }, noWait);
        const seen = all(store);
        for (const d of seen) expect(d.availableAt, `${d.key} of round ${roundOf(d)}`).toBeLessThanOrEqual(t);
        expect(seen).toEqual(all(final).filter((d) => d.availableAt <= t));
      }),
      { numRuns: 6 },
    );
  });
});
