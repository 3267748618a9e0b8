import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type NumeraiDouble,
  loadRealNumeraiData,
  parseOperation,
  startNumeraiDouble,
  syntheticRoundTimes,
} from './index.js';

const ROUND_277_DETAILS = `query($rn: Int!, $t: Int) { roundDetails(roundNumber: $rn, tournament: $t) {
  roundNumber roundResolved openTime roundResolveTime payoutFactor totalAtStake totalPayout totalBurned totalStakes } }`;

describe('the real Numerai data the double serves', () => {
  const data = loadRealNumeraiData();

  it('joins rounds.csv and roundDetails.csv for rounds 168-382', () => {
    expect(data.rounds).toHaveLength(215);
    expect(data.rounds[0]?.number).toBe(168);
    expect(data.rounds.at(-1)?.number).toBe(382);
    // roundDetails.csv line 107 / rounds.csv line 107
    expect(data.rounds.find((r) => r.number === 277)).toMatchObject({
      id: 'd480932e-790a-44e5-a3a9-627da25e2d07',
      openTime: Date.UTC(2021, 7, 14, 18),
      closeTime: Date.UTC(2021, 7, 21, 18),
      resolveTime: Date.UTC(2021, 8, 15, 20),
      payoutFactor: '0.58888',
      totalAtStake: '510973.94',
      totalPayout: '8346.068',
      totalStakes: 3261,
      roundResolved: true,
      target: 'target12_20d1l',
    });
  });

  it('serves NUMERAI_SWMM canon_corr and canon_mmc for rounds 843-1197', () => {
    const swmm = data.models.find((m) => m.name === 'numerai_swmm');
    expect(swmm?.rounds).toHaveLength(355);
    // daily_data_corr_abs.csv / _rel.csv / mmc_abs.csv, row of round 843
    expect(swmm?.rounds[0]?.scores).toEqual([
      { displayName: 'canon_corr', value: 0.02870239, percentile: 0.80709877, day: 20 },
      { displayName: 'canon_mmc', value: -5.92400944e-18, percentile: 0.52893519, day: 20 },
    ]);
    expect(data.models.find((m) => m.name === 'v52_lgbm_cyrusd20')?.rounds).toHaveLength(64);
    expect(data.provenance.join('\n')).toMatch(/SYNTHETIC: the open\/resolve times/);
  });

  it('dates the daily rounds on a labelled synthetic Tue-Sat calendar from round 382', () => {
    expect(syntheticRoundTimes(383).openTime).toBe(Date.UTC(2022, 11, 23, 13));
    // Sat 2022-12-24 is 384, then Tue 2022-12-27 is 385.
    expect(syntheticRoundTimes(385).openTime).toBe(Date.UTC(2022, 11, 27, 13));
    expect(syntheticRoundTimes(385).resolveTime).toBe(Date.UTC(2023, 0, 27, 20));
    const last = new Date(syntheticRoundTimes(1197).openTime).toISOString();
    expect(last.slice(0, 7), 'round 1197 lands before the scores commit of 2026-02-26').toBe('2026-02');
  });
});

describe('parseOperation', () => {
  it('finds the root field, its arguments and nested selections', () => {
    const op = parseOperation(
      'query Perf($id: String!) { v2RoundModelPerformances(modelId: $id, tournament: 8) { roundNumber submissionScores { value } } }',
    );
    expect(op.operationName).toBe('Perf');
    const root = op.rootFields[0];
    expect(root?.name).toBe('v2RoundModelPerformances');
    expect(root?.args).toEqual({
      modelId: { kind: 'variable', name: 'id' },
      tournament: { kind: 'literal', value: 8 },
    });
    expect(root?.selections.map((s) => s.name)).toEqual(['roundNumber', 'submissionScores']);
  });
});

describe('startNumeraiDouble', () => {
  let double: NumeraiDouble;
  let now: number | undefined;
  beforeAll(async () => {
    double = await startNumeraiDouble({ now: () => now ?? Infinity, retryAfterSeconds: 3 });
  });
  afterAll(() => double.close());
  beforeEach(() => {
    now = undefined;
    double.setFailures(undefined);
    double.setDrift(undefined);
    double.clearRequests();
  });

  const post = async (query: string, variables: object = {}): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(double.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'double-test' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: res.headers.get('retry-after')
        ? { retryAfter: res.headers.get('retry-after'), text }
        : JSON.parse(text),
    };
  };

  it('answers roundDetails with exactly the selected fields, decimals as strings', async () => {
    const { status, body } = await post(ROUND_277_DETAILS, { rn: 277, t: 8 });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        roundDetails: {
          roundNumber: 277,
          roundResolved: true,
          openTime: '2021-08-14T18:00:00Z',
          roundResolveTime: '2021-09-15T20:00:00Z',
          payoutFactor: '0.58888',
          totalAtStake: '510973.94',
          totalPayout: '8346.068',
          totalBurned: null,
          totalStakes: 3261,
        },
      },
    });
    expect(double.requests).toEqual([
      {
        operationName: undefined,
        rootField: 'roundDetails',
        variables: { rn: 277, t: 8 },
        userAgent: 'double-test',
        status: 200,
      },
    ]);
  });

  it('lists rounds newest first, only those open by now, unresolved until their resolve time', async () => {
    now = Date.UTC(2021, 8, 1);
    const { body } = await post('{ rounds(tournament: 8) { number resolvedGeneral payoutFactor } }');
    const rounds = (body as { data: { rounds: { number: number; resolvedGeneral: boolean }[] } }).data.rounds;
    expect(rounds[0]?.number, 'round 279 opens 2021-08-28; 280 on 2021-09-04').toBe(279);
    expect(rounds.find((r) => r.number === 277)?.resolvedGeneral, '277 resolves 2021-09-15').toBe(false);
    expect(rounds.find((r) => r.number === 274)?.resolvedGeneral).toBe(true);
    expect(rounds.at(-1)?.number).toBe(168);
  });

  it('refuses an unknown field as GraphQL validation does', async () => {
    const { body } = await post('{ rounds(tournament: 8) { number totalStaked } }');
    expect(body).toEqual({ errors: [{ message: 'Cannot query field "totalStaked" on type "Round".' }] });
  });

  it('answers an unknown model with errors at HTTP 200 and a null profile', async () => {
    const { status, body } = await post('query($m: String!) { v3UserProfile(modelName: $m) { id } }', {
      m: 'nobody',
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { v3UserProfile: null },
      errors: [{ message: 'Model nobody not found', path: ['v3UserProfile'] }],
    });
  });

  it('serves scores only for resolved rounds of a model', async () => {
    const id = (
      (await post('{ v3UserProfile(modelName: "NUMERAI_SWMM") { id } }')).body as {
        data: { v3UserProfile: { id: string } };
      }
    ).data.v3UserProfile.id;
    now = syntheticRoundTimes(1000).resolveTime;
    const { body } = await post(
      'query($id: String!) { v2RoundModelPerformances(modelId: $id, tournament: 8) { roundNumber roundResolved submissionScores { displayName value } } }',
      { id },
    );
    const perf = (
      body as {
        data: {
          v2RoundModelPerformances: {
            roundNumber: number;
            roundResolved: boolean;
            submissionScores: unknown[];
          }[];
        };
      }
    ).data.v2RoundModelPerformances;
    const r1000 = perf.find((p) => p.roundNumber === 1000);
    const r1001 = perf.find((p) => p.roundNumber === 1001);
    expect(r1000?.roundResolved).toBe(true);
    expect(r1000?.submissionScores).toHaveLength(2);
    expect(r1001).toMatchObject({ roundResolved: false, submissionScores: [] });
  });

  it('injects 429s with Retry-After, then heals', async () => {
    double.setFailures({ afterRequests: 0, mode: 'rate-limit-429', times: 1 });
    const first = await post(ROUND_277_DETAILS, { rn: 277 });
    expect(first).toMatchObject({ status: 429, body: { retryAfter: '3' } });
    expect((await post(ROUND_277_DETAILS, { rn: 277 })).status).toBe(200);
  });

  it('renames a field leniently or through validation for schema-drift tests', async () => {
    double.setDrift({ type: 'RoundDetails', field: 'totalAtStake', renamedTo: 'totalStaked' });
    const lenient = (await post(ROUND_277_DETAILS, { rn: 277 })).body as { data: { roundDetails: object } };
    expect(lenient.data.roundDetails).not.toHaveProperty('totalAtStake');
    expect(lenient.data.roundDetails).toHaveProperty('totalStaked', '510973.94');
    double.setDrift({
      type: 'RoundDetails',
      field: 'totalAtStake',
      renamedTo: 'totalStaked',
      validate: true,
    });
    expect((await post(ROUND_277_DETAILS, { rn: 277 })).body).toEqual({
      errors: [
        { message: 'Cannot query field "totalAtStake" on type "RoundDetails". Did you mean "totalStaked"?' },
      ],
    });
  });
});
