import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EpochMs, InputError } from '../core/index.js';
import {
  CLIENT_ORDER_ID_PATTERN,
  DecisionSequencer,
  deriveClientOrderId,
  parseClientOrderId,
  runKey,
} from './client-order-id.js';

const T = 1764151200000 as EpochMs; // 2025-11-26T10:00:00Z; base36 "mifu2ps0"

describe('deriveClientOrderId', () => {
  it('builds nb<sha256(runId)[0,6]>-<time base36>-<sequence base36>-<tag>', () => {
    // printf %s live-5f3a9c1e2b7d | sha256sum → 552cc676...; parseInt('mifu2ps0', 36) = 1764151200000
    expect(runKey('live-5f3a9c1e2b7d')).toBe('552cc6');
    expect(parseInt('mifu2ps0', 36)).toBe(T);
    expect(
      deriveClientOrderId({ runId: 'live-5f3a9c1e2b7d', decisionTime: T, sequence: 0, tag: 'entry' }),
    ).toBe('nb552cc6-mifu2ps0-0-entry');
    expect(deriveClientOrderId({ runId: 'live-5f3a9c1e2b7d', decisionTime: T, sequence: 37 })).toBe(
      'nb552cc6-mifu2ps0-11',
    );
  });

  it('gives the same id for the same decision (a restart repeating it) and another for the next one', () => {
    const key = { runId: 'live-5f3a9c1e2b7d', decisionTime: T, sequence: 1, tag: 'stop_loss' };
    expect(deriveClientOrderId(key)).toBe(deriveClientOrderId({ ...key }));
    expect(deriveClientOrderId({ ...key, sequence: 2 })).not.toBe(deriveClientOrderId(key));
    expect(deriveClientOrderId({ ...key, runId: 'live-other' })).not.toBe(deriveClientOrderId(key));
  });

  it('shortens and cleans the tag so the id stays within 36 characters of the venue alphabet', () => {
    const id = deriveClientOrderId({
      runId: 'r',
      decisionTime: T,
      sequence: 3,
      tag: 'Time Exit / after 6h (not in profit)',
    });
    // stem "nb454349-mifu2ps0-3" is 19 characters; 16 are left for the tag after the dash
    expect(runKey('r')).toBe('454349');
    expect(id).toBe('nb454349-mifu2ps0-3-time_exit___afte');
    expect(id).toHaveLength(36);
  });

  it('always yields a valid id that parses back to its decision (property, fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
        (runId, time, sequence, tag) => {
          const id = deriveClientOrderId({ runId, decisionTime: time as EpochMs, sequence, tag });
          expect(id).toMatch(CLIENT_ORDER_ID_PATTERN);
          expect(parseClientOrderId(id)).toMatchObject({
            runKey: runKey(runId),
            decisionTime: time,
            sequence,
          });
        },
      ),
      { seed: 20261126, numRuns: 500 },
    );
  });

  it('refuses a negative or fractional decision time and an empty run id, naming them', () => {
    expect(() => deriveClientOrderId({ runId: 'r', decisionTime: -1 as EpochMs, sequence: 0 })).toThrow(
      /decisionTime must be a non-negative integer, got -1/,
    );
    expect(() => deriveClientOrderId({ runId: 'r', decisionTime: T, sequence: 0.5 })).toThrow(
      /sequence must be a non-negative integer, got 0.5/,
    );
    expect(() => deriveClientOrderId({ runId: '', decisionTime: T, sequence: 0 })).toThrow(InputError);
  });
});

describe('parseClientOrderId', () => {
  it('does not claim ids nmrbot did not make (manual orders, ccxt x-xcKtGhcu ids)', () => {
    expect(parseClientOrderId('x-xcKtGhcu1234567890abcdef')).toBeUndefined();
    expect(parseClientOrderId('web_AbCdEf')).toBeUndefined();
  });
});

describe('DecisionSequencer', () => {
  it('numbers orders per decision instant from 0', () => {
    const seq = new DecisionSequencer();
    const t2 = (T + 60_000) as EpochMs;
    expect([seq.next(T), seq.next(T), seq.next(t2), seq.next(T), seq.next(t2)]).toEqual([0, 1, 0, 2, 1]);
  });
});
