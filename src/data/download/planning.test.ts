import { BadSymbol, ExchangeNotAvailable, RateLimitExceeded, RequestTimeout } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { type EpochMs, HOUR_MS } from '../../core/index.js';
import type { FundingEvent } from '../series/index.js';
import { plannedSpans } from './series-plan.js';
import { DownloadAbortedError, type PageSource, pageThrough } from './pager.js';
import { backoffMs, withRetry } from './retry.js';
import { stampStatedInterval } from './sources.js';
import { hasCapability, venueLimits } from './venue-limits.js';

const T = Date.UTC(2025, 0, 1);
const MIN = 60_000;
const noSleep = (): Promise<void> => Promise.resolve();

describe('plannedSpans', () => {
  const empty = { rows: 0, first: null, last: null };
  const stored = { rows: 10, first: (T + 100 * MIN) as EpochMs, last: (T + 109 * MIN) as EpochMs };

  it('fetches the whole range into an empty series', () => {
    expect(plannedSpans(empty, T, T + 500 * MIN, MIN)).toEqual([{ from: T, to: T + 500 * MIN }]);
  });

  it('continues at the last stored row + one step, not at since', () => {
    expect(plannedSpans(stored, T + 100 * MIN, T + 500 * MIN, MIN)).toEqual([
      { from: T + 110 * MIN, to: T + 500 * MIN },
    ]);
  });

  it('also fills a head before the first stored row when since is earlier', () => {
    expect(plannedSpans(stored, T, T + 500 * MIN, MIN)).toEqual([
      { from: T, to: T + 100 * MIN },
      { from: T + 110 * MIN, to: T + 500 * MIN },
    ]);
  });

  it('has nothing to do when the store already reaches the end', () => {
    expect(plannedSpans(stored, T + 100 * MIN, T + 110 * MIN, MIN)).toEqual([]);
  });
});

describe('stampStatedInterval', () => {
  const at = (hours: number[]): FundingEvent[] =>
    hours.map((h) => ({ time: (T + h * HOUR_MS) as EpochMs, rate: 0.0001 }));

  it('stamps only settlements whose spacing agrees with the interval stated now', () => {
    // 8h settlements, then the venue moved to 4h (as NMR did): only the 4h part gets the statement.
    const stamped = stampStatedInterval(at([0, 8, 16, 20, 24, 28]), 4, undefined);
    expect(stamped.map((e) => e.intervalHours)).toEqual([undefined, undefined, undefined, 4, 4, 4]);
  });

  it('judges the first settlement by the next one, and later pages by the stored previous one', () => {
    expect(stampStatedInterval(at([0, 8]), 8, undefined).map((e) => e.intervalHours)).toEqual([8, 8]);
    expect(stampStatedInterval(at([16]), 8, T + 8 * HOUR_MS).map((e) => e.intervalHours)).toEqual([8]);
    expect(stampStatedInterval(at([20]), 8, T + 8 * HOUR_MS).map((e) => e.intervalHours)).toEqual([
      undefined,
    ]);
  });

  it('tolerates Binance settling a millisecond late', () => {
    const events = [
      { time: T as EpochMs, rate: 0 },
      { time: (T + 8 * HOUR_MS + 1) as EpochMs, rate: 0 },
    ];
    expect(stampStatedInterval(events, 8, undefined).map((e) => e.intervalHours)).toEqual([8, 8]);
  });

  it('changes nothing when the venue states no interval', () => {
    expect(stampStatedInterval(at([0, 8]), undefined, undefined)).toEqual(at([0, 8]));
  });
});

describe('withRetry', () => {
  const policy = { tries: 4, baseDelayMs: 100, maxDelayMs: 250 };

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(policy, a))).toEqual([100, 200, 250, 250]);
  });

  it('retries temporary venue faults until they pass', async () => {
    const errors = [new RateLimitExceeded('429'), new ExchangeNotAvailable('503'), new RequestTimeout('t')];
    const waits: number[] = [];
    const result = await withRetry(
      () => {
        const e = errors.shift();
        return e ? Promise.reject(e) : Promise.resolve('ok');
      },
      { policy, sleep: noSleep, onRetry: (_a, delay) => waits.push(delay) },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([100, 200, 250]);
  });

  it('gives up after the bounded number of tries with the last error', async () => {
    let calls = 0;
    const run = withRetry(
      () => {
        calls++;
        return Promise.reject(new ExchangeNotAvailable(`try ${calls}`));
      },
      { policy, sleep: noSleep },
    );
    await expect(run).rejects.toThrow('try 4');
    expect(calls).toBe(4);
  });

  it('does not retry an error that would repeat', async () => {
    let calls = 0;
    const run = withRetry(
      () => {
        calls++;
        return Promise.reject(new BadSymbol('no such symbol'));
      },
      { policy, sleep: noSleep },
    );
    await expect(run).rejects.toBeInstanceOf(BadSymbol);
    expect(calls).toBe(1);
  });
});

describe('pageThrough', () => {
  /** A hand-written source over rows at every minute from T, served like Binance klines. */
  function minutes(
    count: number,
    windowed: boolean,
  ): PageSource<number> & { stored: number[]; asked: number[][] } {
    const all = Array.from({ length: count }, (_, i) => T + i * MIN);
    const stored: number[] = [];
    const asked: number[][] = [];
    return {
      label: 'stub',
      endpoint: 'fetchStub',
      limit: 10,
      stepMs: MIN,
      windowMs: windowed ? 10 * MIN : undefined,
      timeOf: (t) => t,
      fetch: (since, limit, until) => {
        asked.push([since, until ?? -1]);
        return Promise.resolve(
          all.filter((t) => t >= since && (until === undefined || t <= until)).slice(0, limit),
        );
      },
      store: (rows) => {
        stored.push(...rows);
        return { inserted: rows.length, updated: 0, unchanged: 0 };
      },
      stored,
      asked,
    };
  }
  const ctx = { retry: { policy: { tries: 1, baseDelayMs: 0, maxDelayMs: 0 }, sleep: noSleep } };

  it('pages open-ended until an empty page and stores rows inside the span only', async () => {
    const s = minutes(25, false);
    const totals = await pageThrough(s, { from: T, to: T + 60 * MIN }, ctx);
    expect(s.asked.map(([since]) => ((since ?? 0) - T) / MIN)).toEqual([0, 10, 20, 25]);
    expect(totals).toEqual({ requests: 4, rows: 25, inserted: 25, updated: 0 });
  });

  it('stops without an extra request once the span end is reached', async () => {
    const s = minutes(25, false);
    await pageThrough(s, { from: T, to: T + 20 * MIN }, ctx);
    expect(s.asked).toHaveLength(2);
    expect(s.stored).toHaveLength(20);
  });

  it('walks windows over gaps for endpoints that need an end time', async () => {
    const s = minutes(25, true);
    await pageThrough(s, { from: T - 35 * MIN, to: T + 25 * MIN }, ctx);
    expect(s.asked.map(([a, b]) => [((a ?? 0) - T) / MIN, ((b ?? 0) + 1 - T) / MIN])).toEqual([
      [-35, -25],
      [-25, -15],
      [-15, -5],
      [-5, 5],
      [5, 15],
      [15, 25],
    ]);
    expect(s.stored).toHaveLength(25);
  });

  it('stops between pages when aborted, keeping what was stored', async () => {
    const s = minutes(25, false);
    const abort = new AbortController();
    const run = pageThrough(
      s,
      { from: T, to: T + 60 * MIN },
      { ...ctx, signal: abort.signal, onPage: () => abort.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(DownloadAbortedError);
    expect(s.stored).toHaveLength(10);
  });
});

describe('venue limits', () => {
  it('knows Binance USD-M page sizes and its 30-day open-interest window', () => {
    const l = venueLimits('binanceusdm', 500);
    expect(l.pageLimit).toEqual({ candles: 500, mark: 500, funding: 1000, oi: 500 });
    expect(l.historyMs.oi).toBe(30 * 24 * HOUR_MS);
    expect(venueLimits('someexchange').historyMs).toEqual({});
  });

  it('reads emulated capabilities as available', () => {
    expect(hasCapability({ a: true, b: 'emulated', c: false, d: undefined }, 'b')).toBe(true);
    expect(
      ['a', 'b', 'c', 'd', 'e'].map((k) => hasCapability({ a: true, b: 'emulated', c: false }, k)),
    ).toEqual([true, true, false, false, false]);
  });
});
