import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type NumeraiDouble, startNumeraiDouble } from '../../../test/doubles/numerai/index.js';
import { InputError, VenueRejectedError, VenueTemporaryError } from '../../core/index.js';
import { fetchModelId, fetchRoundDetails, listRounds } from './api.js';
import { NUMERAI_USER_AGENT, NumeraiClient, type NumeraiClientOptions } from './graphql-client.js';

describe('NumeraiClient against the loopback Numerai double', () => {
  let double: NumeraiDouble;
  let waits: number[];
  beforeAll(async () => {
    double = await startNumeraiDouble({ retryAfterSeconds: 2 });
  });
  afterAll(() => double.close());
  beforeEach(() => {
    waits = [];
    double.setFailures(undefined);
    double.setDrift(undefined);
    double.setDelayMs(0);
    double.clearRequests();
  });

  /** random() = 0.5 puts the jitter factor at 0.75: backoff 75, 150, 300 ms from a 100 ms base. */
  const client = (overrides: Partial<NumeraiClientOptions> = {}): NumeraiClient =>
    new NumeraiClient({
      url: double.url,
      timeoutMs: 5_000,
      retries: 3,
      backoffMs: 100,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
      ...overrides,
    });
  const statuses = (): number[] => double.requests.map((r) => r.status);

  describe('answers', () => {
    it('lists the rounds of tournament 8 with times as epoch ms and the payout factor read from its text', async () => {
      const rounds = await listRounds(client(), 8);
      expect(rounds).toHaveLength(215);
      expect(rounds.find((r) => r.number === 277)).toMatchObject({
        openTime: Date.UTC(2021, 7, 14, 18),
        closeTime: Date.UTC(2021, 7, 21, 18),
        resolveTime: Date.UTC(2021, 8, 15, 20),
        resolvedGeneral: true,
        payoutFactor: 0.58888,
        stakeThreshold: 300000,
      });
    });

    it('POSTs {query, variables} with the nmrbot User-Agent', async () => {
      await fetchRoundDetails(client(), 277, 8);
      expect(double.requests).toEqual([
        {
          operationName: undefined,
          rootField: 'roundDetails',
          variables: { rn: 277, t: 8 },
          userAgent: NUMERAI_USER_AGENT,
          status: 200,
        },
      ]);
    });
  });

  describe('retries', () => {
    it('retries a 500 with jittered exponential backoff, then succeeds', async () => {
      double.setFailures({ afterRequests: 0, mode: 'http-500', times: 3 });
      const details = await fetchRoundDetails(client(), 277, 8);
      expect(details.totalAtStake).toBe(510973.94);
      expect(statuses()).toEqual([500, 500, 500, 200]);
      expect(waits, '100 ms base x 2^retry x jitter 0.75').toEqual([75, 150, 300]);
    });

    it('waits what Retry-After says after a 429, then succeeds', async () => {
      double.setFailures({ afterRequests: 0, mode: 'rate-limit-429', times: 1 });
      await fetchRoundDetails(client(), 277, 8);
      expect(statuses()).toEqual([429, 200]);
      expect(waits, 'Retry-After: 2').toEqual([2000]);
    });

    it('retries a 502 gateway page and a dropped connection', async () => {
      double.setFailures({ afterRequests: 0, mode: 'http-502', times: 1 });
      await fetchRoundDetails(client(), 277, 8);
      double.setFailures({ afterRequests: 0, mode: 'socket-destroy', times: 1 });
      await fetchRoundDetails(client(), 277, 8);
      expect(statuses()).toEqual([502, 200, 0, 200]);
    });

    it('gives up after retries + 1 attempts with an error naming the host and the last failure', async () => {
      double.setFailures({ afterRequests: 0, mode: 'http-500' });
      const error = await listRounds(client(), 8).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VenueTemporaryError);
      expect((error as Error).message).toBe(
        `numerai: 127.0.0.1:${double.port} unreachable after 4 attempts: HTTP 500: {"errors":[{"message":"Internal Server Error"}]} (query rounds)`,
      );
    });

    it('times out a slow answer and retries it', async () => {
      double.setDelayMs(400);
      const error = await listRounds(client({ timeoutMs: 50, retries: 1 }), 8).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        `numerai: 127.0.0.1:${double.port} unreachable after 2 attempts: timed out after 50 ms (query rounds)`,
      );
      expect(waits).toEqual([75]);
    });

    it('does not retry a 4xx', async () => {
      double.setFailures({ afterRequests: 0, mode: 'http-400', times: 1 });
      const error = await listRounds(client(), 8).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VenueRejectedError);
      expect((error as Error).message).toBe(
        'numerai rounds: the API answered with errors (HTTP 400): Bad Request: malformed JSON body',
      );
      expect(statuses()).toEqual([400]);
    });
  });

  describe('errors in the answer', () => {
    it('turns {errors} at HTTP 200 into an error naming the query, without retrying', async () => {
      double.setFailures({ afterRequests: 0, mode: 'graphql-errors', times: 1 });
      const error = await fetchRoundDetails(client(), 277, 8).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VenueRejectedError);
      expect((error as Error).message).toBe(
        'numerai roundDetails: the API answered with errors: internal error (injected by the numerai double)',
      );
      expect(statuses()).toEqual([200]);
    });

    it('reports a model the API does not know by the query that asked', async () => {
      const error = await fetchModelId(client(), 'nobody').catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        'numerai v3UserProfile: the API answered with errors: Model nobody not found',
      );
    });
  });

  describe('schema drift', () => {
    it('names a renamed field missing from the answer by its path', async () => {
      double.setDrift({ type: 'RoundDetails', field: 'totalAtStake', renamedTo: 'totalStaked' });
      const error = await fetchRoundDetails(client(), 277, 8).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(
        'numerai roundDetails: field roundDetails.totalAtStake missing (schema drift? the API may have renamed it)',
      );
    });

    it('names the row of a list by its index', async () => {
      double.setDrift({ type: 'Round', field: 'resolveTime', renamedTo: 'resolvesAt' });
      const error = await listRounds(client(), 8).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        'numerai rounds: field rounds[0].resolveTime missing (schema drift? the API may have renamed it), and the same in 214 more rows',
      );
    });

    it('names a field whose type changed, with the value received', async () => {
      double.setDrift({ type: 'RoundDetails', field: 'totalAtStake', value: 'n/a' });
      const error = await fetchRoundDetails(client(), 277, 8).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        'numerai roundDetails: field roundDetails.totalAtStake expected a decimal, got "n/a" (schema drift? the API may have changed its type)',
      );
      double.setDrift({ type: 'RoundDetails', field: 'roundResolved', value: 'yes' });
      const again = await fetchRoundDetails(client(), 277, 8).catch((e: unknown) => e);
      expect((again as Error).message).toBe(
        'numerai roundDetails: field roundDetails.roundResolved expected boolean, got "yes" (schema drift? the API may have changed its type)',
      );
    });

    it('names a field the API schema refuses (GraphQL validation)', async () => {
      double.setDrift({
        type: 'RoundDetails',
        field: 'totalAtStake',
        renamedTo: 'totalStaked',
        validate: true,
      });
      const error = await fetchRoundDetails(client(), 277, 8).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(
        'numerai roundDetails: field totalAtStake (type RoundDetails) is not in the API schema (schema drift? the API may have renamed it): Cannot query field "totalAtStake" on type "RoundDetails". Did you mean "totalStaked"?',
      );
    });

    it('asks again without an optional field the API does not have, and stops asking for it', async () => {
      double.setDrift({ type: 'RoundDetails', field: 'totalBurned', renamedTo: 'burned', validate: true });
      const c = client();
      const details = await fetchRoundDetails(c, 277, 8);
      expect(details).toMatchObject({ totalAtStake: 510973.94, totalPayout: 8346.068 });
      expect(details.totalBurned).toBeUndefined();
      expect(c.droppedFields('roundDetails')).toEqual(['totalBurned']);
      await fetchRoundDetails(c, 278, 8);
      expect(double.requestsTo('roundDetails'), 'one refused query, then one per round').toHaveLength(3);
    });
  });
});

describe('NumeraiClient with nothing listening', () => {
  it('reports the API unreachable after every attempt failed to connect', async () => {
    const gone = await startNumeraiDouble();
    await gone.close();
    const client = new NumeraiClient({
      url: gone.url,
      timeoutMs: 1_000,
      retries: 3,
      backoffMs: 1,
      sleep: () => Promise.resolve(),
    });
    const error = await listRounds(client, 8).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VenueTemporaryError);
    expect((error as Error).message).toBe(
      `numerai: 127.0.0.1:${gone.port} unreachable after 4 attempts: connect ECONNREFUSED 127.0.0.1:${gone.port} (query rounds)`,
    );
  });

  it('names the default host in that error', async () => {
    const client = new NumeraiClient({
      url: 'https://api-tournament.numer.ai',
      timeoutMs: 1_000,
      retries: 0,
      backoffMs: 1,
    });
    // Any network error will do: the test machine has no internet, the message names the host.
    const error = await listRounds(client, 8).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^numerai: api-tournament\.numer\.ai unreachable after 1 attempts: .+ \(query rounds\)$/,
    );
  });
});
