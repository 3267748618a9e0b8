import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type NumeraiDouble,
  startNumeraiDouble,
  syntheticRoundTimes,
} from '../../../test/doubles/numerai/index.js';
import { parseConfig } from '../../config/index.js';
import { InputError, VenueTemporaryError } from '../../core/index.js';
import { AltDataStore, type MarketStore } from '../../data/index.js';
import { fetchNumerai, numeraiFeed } from './command.js';
import { CALENDAR_KEYS, CALENDAR_SOURCE, NUMERAI_KEYS, NUMERAI_SOURCE, benchmarkKey } from './keys.js';
import { TempStores, fastConfig, noWait, rowOf, rows, roundsOf } from './test-fixtures.js';

const SINCE_2021 = Date.UTC(2021, 0, 1);
/** Rounds 245-296 are open by now (52); 245-292 resolved (48). rounds.csv */
const NOW_2021 = Date.UTC(2021, 11, 31);
/** Rounds 297-301 opened since; 293-296 resolved since. */
const NOW_2022 = Date.UTC(2022, 0, 31);

describe('numeraiFeed against the loopback Numerai double (real rounds 168-382)', () => {
  let double: NumeraiDouble;
  let now = NOW_2021;
  const stores = new TempStores();
  beforeAll(async () => {
    double = await startNumeraiDouble({ now: () => now });
  });
  afterAll(async () => {
    await double.close();
    stores.cleanup();
  });
  beforeEach(() => {
    now = NOW_2021;
    double.setFailures(undefined);
    double.setDrift(undefined);
    double.clearRequests();
  });

  const fetch = (store: MarketStore, since?: number, overrides = {}) =>
    fetchNumerai(store, fastConfig(overrides), { baseUrl: double.url, now, since }, noWait);

  describe('backfill', () => {
    let store: MarketStore;
    let summary: Awaited<ReturnType<typeof fetch>>;
    let detailsAsked: unknown[];
    beforeAll(async () => {
      store = stores.open('backfill');
      summary = await fetch(store, SINCE_2021);
      detailsAsked = double.requestsTo('roundDetails').map((r) => r.variables['rn']);
    });

    it('lists every round opened since --since on the calendar and stores each resolved round', () => {
      expect(roundsOf(rows(store, CALENDAR_SOURCE, CALENDAR_KEYS.resolve))).toEqual(range(245, 296));
      expect(roundsOf(rows(store, CALENDAR_SOURCE, CALENDAR_KEYS.close))).toEqual(range(245, 296));
      for (const key of ['payout_factor', 'total_at_stake', 'total_payout', 'burn_ratio', 'network_health']) {
        expect(roundsOf(rows(store, NUMERAI_SOURCE, key)), key).toEqual(range(245, 292));
      }
      expect(detailsAsked).toEqual(range(245, 292));
      expect(summary).toMatchObject({ feed: 'numerai', inserted: 2 * 52 + 5 * 48, updated: 0, unchanged: 0 });
      expect(summary.warnings).toEqual([]);
    });

    it('stores round 277 exactly as roundDetails.csv has it, public at its resolution', () => {
      // roundDetails.csv: 277, resolves 09/15/2021 20:00:00, payoutFactor 0.58888,
      // totalAtStake 510973.94, totalPayout 8346.068 (a net payout, so no net burn).
      const resolvedAt = Date.UTC(2021, 8, 15, 20);
      const expected = { eventTime: resolvedAt, availableAt: resolvedAt };
      expect(rowOf(store, NUMERAI_SOURCE, 'payout_factor', 277)).toMatchObject({
        ...expected,
        value: 0.58888,
      });
      expect(rowOf(store, NUMERAI_SOURCE, 'total_at_stake', 277)).toMatchObject({
        ...expected,
        value: 510973.94,
      });
      expect(rowOf(store, NUMERAI_SOURCE, 'total_payout', 277)).toMatchObject({
        ...expected,
        value: 8346.068,
      });
      expect(rowOf(store, NUMERAI_SOURCE, 'burn_ratio', 277)).toMatchObject({
        ...expected,
        value: 0,
        payload: { round: 277, tournament: 8, basis: 'net' },
      });
    });

    it('stores a net burn as a share of the stake (round 272 paid out -2027.325 of 523271.47)', () => {
      expect(rowOf(store, NUMERAI_SOURCE, 'burn_ratio', 272)?.value).toBe(2027.325 / 523271.47);
    });

    it('puts close and resolve times on the calendar from the moment the round opened', () => {
      const opened = Date.UTC(2021, 7, 14, 18);
      expect(rowOf(store, CALENDAR_SOURCE, CALENDAR_KEYS.close, 277)).toMatchObject({
        eventTime: Date.UTC(2021, 7, 21, 18),
        availableAt: opened,
        value: 277,
      });
      expect(rowOf(store, CALENDAR_SOURCE, CALENDAR_KEYS.resolve, 277)).toMatchObject({
        eventTime: Date.UTC(2021, 8, 15, 20),
        availableAt: opened,
      });
      expect(
        rowOf(store, CALENDAR_SOURCE, CALENDAR_KEYS.resolve, 296),
        'listed, not yet resolved',
      ).toMatchObject({
        eventTime: Date.UTC(2022, 0, 27, 20),
        availableAt: Date.UTC(2021, 11, 25, 18),
      });
    });

    it('keeps network health in [-1, 1], available when its round resolved', () => {
      for (const h of rows(store, NUMERAI_SOURCE, 'network_health')) {
        expect(Math.abs(h.value ?? NaN)).toBeLessThanOrEqual(1);
        expect(h.availableAt).toBe(h.eventTime);
      }
    });

    it('says what it fetched', () => {
      expect(summary.lines).toEqual([
        'numerai: tournament 8, backfill: rounds opened since 2021-01-01T00:00:00.000Z (--since)',
        'rounds listed in range: 52 (48 resolved); calendar rows: 104',
        'round details: 48 resolved rounds (245-292)',
        'meta model numerai_swmm: 0 resolved rounds scored',
        'benchmark model v5_lgbm_ct_blend: 0 resolved rounds scored',
        'benchmark model v5_example_preds: 0 resolved rounds scored',
        expect.stringMatching(/^network_health: 48 points; latest round 292 = -?0\.\d{4}$/) as string,
      ]);
    });
  });

  describe('incremental fetch', () => {
    let store: MarketStore;
    beforeAll(async () => {
      store = stores.open('incremental');
      await fetch(store, SINCE_2021);
    });

    it('adds only the rounds after the last stored one, re-reading the last 5', async () => {
      now = NOW_2022;
      const summary = await fetch(store);
      expect(summary.lines[0]).toBe(
        'numerai: tournament 8, incremental: after stored round 292, re-reading from round 288',
      );
      expect(double.requestsTo('roundDetails').map((r) => r.variables['rn'])).toEqual(range(288, 296));
      // New: calendar of 297-301 (10 rows); 293-296 resolved: 5 keys each (20 rows).
      expect(summary).toMatchObject({ inserted: 10 + 20, updated: 0 });
      expect(roundsOf(rows(store, NUMERAI_SOURCE, 'total_at_stake'))).toEqual(range(245, 296));
      expect(roundsOf(rows(store, CALENDAR_SOURCE, CALENDAR_KEYS.resolve))).toEqual(range(245, 301));
    });

    it('is idempotent: a second run finds everything unchanged', async () => {
      now = NOW_2022;
      const before = rows(store, NUMERAI_SOURCE).concat(rows(store, CALENDAR_SOURCE));
      const summary = await fetch(store);
      // Re-read from round 292: calendar of 292-301, 4 keys of 292-296; health of 245-296 recomputed.
      expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 * 10 + 4 * 5 + 52 });
      expect(rows(store, NUMERAI_SOURCE).concat(rows(store, CALENDAR_SOURCE))).toEqual(before);
    });

    it('picks up a revised round, public from the fetch that saw it', async () => {
      now = NOW_2022 + 3_600_000;
      const original = double.data;
      double.setData({
        ...original,
        rounds: original.rounds.map((r) => (r.number === 293 ? { ...r, totalAtStake: '600000' } : r)),
      });
      try {
        const summary = await fetch(store);
        // total_at_stake of 293 and network health of 293-296 (293 is in their trailing windows).
        expect(summary).toMatchObject({ inserted: 0, updated: 1 + 4 });
        expect(rowOf(store, NUMERAI_SOURCE, 'total_at_stake', 293)).toMatchObject({
          value: 600000,
          availableAt: now,
        });
        for (const round of [293, 294, 295, 296]) {
          expect(rowOf(store, NUMERAI_SOURCE, 'network_health', round)?.availableAt, `round ${round}`).toBe(
            now,
          );
        }
        expect(rowOf(store, NUMERAI_SOURCE, 'network_health', 292)?.availableAt).toBe(
          Date.UTC(2021, 11, 29, 20),
        );
      } finally {
        double.setData(original);
      }
    });
  });

  describe('faults', () => {
    it('retries 500s and a 429 and stores the same as an undisturbed fetch', async () => {
      const clean = stores.open('clean');
      await fetch(clean, SINCE_2021);
      const disturbed = stores.open('disturbed');
      double.clearRequests();
      double.setFailures({ afterRequests: 3, mode: 'http-500', times: 2, rootFields: ['roundDetails'] });
      await fetch(disturbed, SINCE_2021);
      expect(double.requests.filter((r) => r.status === 500)).toHaveLength(2);
      const again = stores.open('disturbed-429');
      double.clearRequests();
      double.setFailures({ afterRequests: 0, mode: 'rate-limit-429', times: 1 });
      await fetch(again, SINCE_2021);
      expect(double.requests.map((r) => r.status).slice(0, 2)).toEqual([429, 200]);
      expect(rows(disturbed, NUMERAI_SOURCE)).toEqual(rows(clean, NUMERAI_SOURCE));
      expect(rows(again, NUMERAI_SOURCE)).toEqual(rows(clean, NUMERAI_SOURCE));
    });

    it('skips a round whose details the API refuses, with a warning, and stores the rest', async () => {
      const store = stores.open('refused-round');
      double.setFailures({
        afterRequests: 2,
        mode: 'graphql-errors',
        times: 1,
        rootFields: ['roundDetails'],
      });
      const summary = await fetch(store, SINCE_2021);
      expect(summary.warnings).toEqual([
        'numerai: details of round 247 skipped: numerai roundDetails: the API answered with errors: internal error (injected by the numerai double)',
      ]);
      expect(roundsOf(rows(store, NUMERAI_SOURCE, 'total_at_stake'))).toEqual(
        range(245, 292).filter((n) => n !== 247),
      );
    });

    it('stops at schema drift with the error naming the field, keeping what was stored', async () => {
      const store = stores.open('drift');
      await fetch(store, SINCE_2021);
      const before = rows(store, NUMERAI_SOURCE);
      now = NOW_2022;
      double.setDrift({ type: 'RoundDetails', field: 'totalAtStake', renamedTo: 'totalStaked' });
      const error = await fetch(store).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(
        'numerai roundDetails: field roundDetails.totalAtStake missing (schema drift? the API may have renamed it)',
      );
      expect(rows(store, NUMERAI_SOURCE)).toEqual(before);
    });

    it('throws a clear error when the API cannot be reached', async () => {
      const gone = await startNumeraiDouble();
      await gone.close();
      const error = await fetchNumerai(
        stores.open('unreachable'),
        fastConfig(),
        { baseUrl: gone.url, now },
        noWait,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VenueTemporaryError);
      expect((error as Error).message).toBe(
        `numerai: 127.0.0.1:${gone.port} unreachable after 4 attempts: connect ECONNREFUSED 127.0.0.1:${gone.port} (query rounds)`,
      );
    });
  });
});

describe('numeraiFeed with the daily rounds and model scores (843-1197, synthetic dates)', () => {
  const NOW = Date.UTC(2026, 1, 26);
  let double: NumeraiDouble;
  const stores = new TempStores();
  beforeAll(async () => {
    double = await startNumeraiDouble({ now: () => NOW });
  });
  afterAll(async () => {
    await double.close();
    stores.cleanup();
  });
  afterEach(() => double.clearRequests());

  it('backfills 18 months by default and stores the meta model and benchmark scores per resolved round', async () => {
    const store = stores.open('daily');
    const config = parseConfig({
      feeds: { numerai: { backoffMs: 1, benchmarkModels: ['v5_lgbm_ct_blend', 'no_such_model'] } },
    });
    const progress: [number, number | undefined, string][] = [];
    const summary = await numeraiFeed.fetch(store, config, {
      baseUrl: double.url,
      now: NOW,
      onProgress: (done, total, unit) => progress.push([done, total, unit]),
    });
    const since = Date.UTC(2024, 7, 26);
    const expected = double.data.models
      .find((m) => m.name === 'numerai_swmm')
      ?.rounds.filter((r) => r.roundOpenTime >= since && r.roundResolveTime <= NOW)
      .map((r) => r.roundNumber);
    expect(roundsOf(rows(store, NUMERAI_SOURCE, NUMERAI_KEYS.swmmCorr))).toEqual(expected);
    expect(summary.lines[0]).toBe(
      'numerai: tournament 8, backfill: rounds opened since 2024-08-26T00:00:00.000Z (data.history 18mo)',
    );
    expect(summary.warnings).toEqual([
      'numerai: benchmark model no_such_model skipped: numerai v3UserProfile: the API answered with errors: Model no_such_model not found',
    ]);
    expect(progress.at(-1)).toEqual([3, 3, 'queries']);

    // daily_data_corr_abs.csv / daily_data_mmc_abs.csv, round 1000: NUMERAI_SWMM 0.01618551,
    // V5_LGBM_CT_BLEND 0.0080273 and -0.0005242. Public at the round's (synthetic) resolve time.
    const resolvedAt = syntheticRoundTimes(1000).resolveTime;
    expect(rowOf(store, NUMERAI_SOURCE, NUMERAI_KEYS.swmmCorr, 1000)).toMatchObject({
      eventTime: resolvedAt,
      availableAt: resolvedAt,
      value: 0.01618551,
      payload: { round: 1000, tournament: 8, model: 'numerai_swmm', displayName: 'canon_corr', day: 20 },
    });
    expect(rowOf(store, NUMERAI_SOURCE, benchmarkKey('corr', 'v5_lgbm_ct_blend'), 1000)?.value).toBe(
      0.0080273,
    );
    expect(rowOf(store, NUMERAI_SOURCE, benchmarkKey('mmc', 'v5_lgbm_ct_blend'), 1000)?.value).toBe(
      -0.0005242,
    );
    const health = rows(store, NUMERAI_SOURCE, NUMERAI_KEYS.networkHealth);
    expect(health.length, 'one point per round after 10 rounds of CORR history').toBe(
      (expected?.length ?? 0) - 10,
    );
  });

  it('fetches nothing when the feed is disabled, and says so', async () => {
    const store = stores.open('disabled');
    const summary = await numeraiFeed.fetch(store, parseConfig({ feeds: { numerai: { enabled: false } } }), {
      baseUrl: double.url,
      now: NOW,
    });
    expect(summary.warnings).toEqual([
      'the numerai feed is disabled (feeds.numerai.enabled: false); nothing fetched',
    ]);
    expect(summary.inserted).toBe(0);
    expect(double.requests).toHaveLength(0);
  });

  it('reads the store through AltDataStore spans like `data status` does', async () => {
    const store = stores.open('spans');
    await fetchNumerai(store, fastConfig({ benchmarkModels: [] }), { baseUrl: double.url, now: NOW }, noWait);
    const keys = new AltDataStore(store.db).spans().map((s) => `${s.source}/${s.key}`);
    expect(keys).toEqual(['numerai/network_health', 'numerai/swmm_corr']);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
