import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedHealthView } from '../../api/index.js';
import { Portfolio } from '../../portfolio/index.js';
import { fillMaker, instrument } from '../../portfolio/test-fixtures.js';
import { FeedHealth, watchFeedHealth } from './feed-health.js';
import { accountSample, latencySample, latencyViews, metricsPort } from './session-ops.js';

describe('FeedHealth', () => {
  it('ages each feed from its last receipt and is healthy up to maxAgeMs inclusive', () => {
    let now = 1_000_000;
    const health = new FeedHealth(
      [
        { name: 'bars', maxAgeMs: 2_000 },
        { name: 'mark price', maxAgeMs: 500 },
      ],
      () => now,
    );
    expect(health.views()).toEqual([
      { name: 'bars', ageSeconds: undefined, healthy: false },
      { name: 'mark price', ageSeconds: undefined, healthy: false },
    ]);
    health.seen('bars');
    now += 1_234;
    health.seen('mark price');
    now += 500;
    expect(health.views()).toEqual([
      { name: 'bars', ageSeconds: 1.7, healthy: true },
      { name: 'mark price', ageSeconds: 0.5, healthy: true },
    ]);
    now += 267; // bars exactly 2,001 ms old, mark 767 ms
    expect(health.ages()).toEqual({ bars: 2, 'mark price': 0.8 });
    expect(health.views().map((v) => v.healthy)).toEqual([false, false]);
  });

  it('a quiet stream with no age limit is healthy exactly while it is connected', () => {
    let connected = true;
    const health = new FeedHealth([{ name: 'user stream', connected: () => connected }], () => 0);
    expect(health.views()).toEqual([{ name: 'user stream', ageSeconds: undefined, healthy: true }]);
    connected = false;
    expect(health.views()[0]?.healthy).toBe(false);
  });
});

describe('watchFeedHealth', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the views every tick and reports a feed once when it turns unhealthy, again after it recovered', () => {
    vi.useFakeTimers({ now: 0 });
    const health = new FeedHealth([{ name: 'bars', maxAgeMs: 1_500 }]);
    const shown: (readonly FeedHealthView[])[] = [];
    const reported: string[] = [];
    const stop = watchFeedHealth(health, {
      everyMs: 1_000,
      show: (v) => shown.push(v),
      onUnhealthy: (f) => reported.push(`${f.name} ${f.ageSeconds}`),
    });
    vi.advanceTimersByTime(1_000); // nothing received yet: starting, not dead
    health.seen('bars');
    vi.advanceTimersByTime(3_000); // ticks at 2 s (1 s old), 3 s (2 s old: unhealthy), 4 s (still)
    health.seen('bars');
    vi.advanceTimersByTime(1_000); // 5 s: fresh again
    vi.advanceTimersByTime(2_000); // 6 s: 2 s old, unhealthy again; 7 s: still
    expect(reported).toEqual(['bars 2', 'bars 2']);
    expect(shown.map((v) => v[0]?.healthy)).toEqual([false, true, false, false, true, false, false]);
    stop();
    vi.advanceTimersByTime(5_000);
    expect(shown).toHaveLength(7);
  });
});

describe('accountSample', () => {
  it('long 400 @ 10 at 4x marked at 11: equity 10,400, margin 1,000, leverage 4,400 / 10,400', () => {
    const portfolio = new Portfolio({ initialBalance: 10_000, instruments: [instrument('NMRUSDT')] });
    portfolio.applyFill(fillMaker()({ side: 'buy', quantity: 400, price: 10 }), 4);
    portfolio.markToMarket('NMRUSDT', 11);
    const a = accountSample(portfolio);
    expect(a).toMatchObject({
      equity: 10_400,
      unrealisedPnl: 400,
      positions: { NMRUSDT: 400 },
      marginUsed: 1_000,
    });
    expect(a.leverage).toBeCloseTo(4_400 / 10_400, 12);
  });

  it('short 400 @ 10 marked at 9: the notional is at the mark (3,600), not the entry', () => {
    const portfolio = new Portfolio({ initialBalance: 10_000, instruments: [instrument('NMRUSDT')] });
    portfolio.applyFill(fillMaker()({ side: 'sell', quantity: 400, price: 10 }), 2);
    portfolio.markToMarket('NMRUSDT', 9);
    const a = accountSample(portfolio);
    expect(a.positions).toEqual({ NMRUSDT: -400 });
    expect(a.equity).toBe(10_400);
    expect(a.leverage).toBeCloseTo(3_600 / 10_400, 12);
  });

  it('flat: no positions, leverage 0', () => {
    const portfolio = new Portfolio({ initialBalance: 500, instruments: [instrument('NMRUSDT')] });
    expect(accountSample(portfolio)).toEqual({
      equity: 500,
      unrealisedPnl: 0,
      positions: {},
      marginUsed: 0,
      leverage: 0,
    });
  });
});

describe('latency and ports', () => {
  const p = (n: number) => ({ count: n, p50: n, p99: 2 * n, max: 3 * n });

  it('names the order-path stages as the journal does and leaves out a stage with no order', () => {
    const report = { decisionToSend: p(1), sendToAck: undefined, decisionToAck: p(2) };
    expect(latencyViews(report)).toEqual([
      { stage: 'decision->send', count: 1, p50: 1, p99: 2, max: 3 },
      { stage: 'decision->ack', count: 2, p50: 2, p99: 4, max: 6 },
    ]);
    expect(latencySample(report)).toEqual({
      'decision->send': p(1),
      'send->ack': undefined,
      'decision->ack': p(2),
    });
  });

  it('--metrics-port takes 0-65535 and names the flag otherwise', () => {
    expect(metricsPort(undefined)).toBeUndefined();
    expect(metricsPort('0')).toBe(0);
    expect(metricsPort('9464')).toBe(9464);
    for (const bad of ['', '94x', '-1', '65536', '1.5'])
      expect(() => metricsPort(bad)).toThrow(`--metrics-port: expected a port number 0-65535, got "${bad}"`);
  });
});
