import type { EpochMs } from '../core/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BarEvent, Strategy, StrategyContext, TargetPosition } from '../strategy/index.js';
import { runBacktest } from './run-backtest.js';
import {
  H,
  T0,
  type TempStore,
  exactSpec,
  flatBars,
  storeFunding,
  storeHourlyBars,
  tempStore,
} from './test-helpers.js';

/** Sets the given targets at the close of the given bar indexes. */
function scripted(plan: Record<number, TargetPosition>): Strategy {
  let i = 0;
  return {
    name: 'scripted',
    onBar(_bar: BarEvent, ctx: StrategyContext) {
      const t = plan[i++];
      if (t) ctx.setTarget(t);
    },
  };
}

describe('runBacktest', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  it('fills a decision made at a bar close at the next bar open, sized from equity, taker fee charged', () => {
    storeHourlyBars(t.store, [
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [12.5, 13, 12, 13],
      [13, 13, 13, 13],
    ]);
    const r = runBacktest(t.store, {
      ...exactSpec(),
      strategy: scripted({ 1: { side: 'long', tag: 'test' } }),
    });
    // Decided at the close of bar 1; fills at bar 2 open 12.5: qty = floor_0.1(1000 / 12.5) = 80
    // fee = 80 x 12.5 x 0.0005 = 0.5; equity at the end = 1000 - 0.5 + 80 x (13 - 12.5) = 1039.5
    expect(r.counts.fills).toBe(1);
    expect(r.metrics.fees).toBeCloseTo(0.5, 12);
    expect(r.metrics.finalEquity).toBeCloseTo(1039.5, 9);
    const positions = Array.from(r.equity.column('position'));
    expect(positions).toEqual([0, 0, 80, 80]);
  });

  it('settles funding on a position held through the settlement: long pays a positive 8h rate', () => {
    storeHourlyBars(t.store, flatBars(10, 12));
    storeFunding(t.store, [[8, 0.0005]]);
    // Long 100 NMR from bar 1's open (01:00); at 08:00 it pays 100 x 10 x 0.0005 = 0.5
    const r = runBacktest(t.store, { ...exactSpec(), strategy: scripted({ 0: { side: 'long', tag: 'x' } }) });
    expect(r.metrics.fundingPaid).toBeCloseTo(0.5, 12);
    expect(r.metrics.fundingReceived).toBe(0);
    expect(r.counts.fundingSettlements).toBe(1);
  });

  it('pays the short side when funding is negative, at a 4h interval', () => {
    storeHourlyBars(t.store, flatBars(10, 13));
    storeFunding(t.store, [
      [4, -0.0002],
      [8, -0.0002],
      [12, -0.0002],
    ]);
    // Short 100 from 01:00 holds through 04:00, 08:00 and 12:00: pays 3 x 100 x 10 x 0.0002 = 0.6
    const r = runBacktest(t.store, {
      ...exactSpec(),
      strategy: scripted({ 0: { side: 'short', tag: 'x' } }),
    });
    expect(r.metrics.fundingPaid).toBeCloseTo(0.6, 12);
    expect(r.fundingCoverage.real).toBe(3);
  });

  it('charges nothing for a settlement to a position that opens at that very instant', () => {
    storeHourlyBars(t.store, flatBars(10, 12));
    storeFunding(t.store, [[8, 0.0005]]);
    // Decided at the close of bar 7 (08:00), filled at bar 8's open (08:00) after the settlement.
    const r = runBacktest(t.store, { ...exactSpec(), strategy: scripted({ 7: { side: 'long', tag: 'x' } }) });
    expect(r.counts.fills).toBe(1);
    expect(r.metrics.fundingPaid).toBe(0);
  });

  it('still charges a position closed by an order decided at the settlement instant', () => {
    storeHourlyBars(t.store, flatBars(10, 12));
    storeFunding(t.store, [[8, 0.0005]]);
    const r = runBacktest(t.store, {
      ...exactSpec(),
      strategy: scripted({ 0: { side: 'long', tag: 'x' }, 7: { side: 'flat', tag: 'exit' } }),
    });
    expect(r.metrics.fundingPaid).toBeCloseTo(0.5, 12);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]?.funding).toBeCloseTo(-0.5, 12);
  });

  it('liquidates a leveraged long when the low reaches its liquidation price, charging the liquidation fee', () => {
    // 1000 USDT at 10x on 10 -> 1000 NMR long (notional 10,000: tier 2, mmr 2.5%, cum 25).
    // LP = (WB + cum - Q*EP) / (Q*MMR - Q) = (1000 + 25 - 10000) / (25 - 1000) = 9.2051...
    storeHourlyBars(t.store, [
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [10, 10.1, 9.0, 9.5],
      [9.5, 9.5, 9.5, 9.5],
    ]);
    const r = runBacktest(t.store, {
      ...exactSpec({ leverage: 10 }),
      strategy: scripted({ 0: { side: 'long', tag: 'x' } }),
    });
    expect(r.metrics.liquidations).toBe(1);
    const trade = r.trades[0];
    expect(trade?.exitReason).toBe('liquidation');
    expect(trade?.exitPrice).toBeCloseTo(8975 / 975, 9);
    // Loss never exceeds the isolated margin (1000) plus the opening fee (5).
    expect(r.metrics.finalEquity).toBeGreaterThanOrEqual(1000 - 1000 - 5 - 1e-9);
    expect(Array.from(r.equity.column('position')).slice(2)).toEqual([0, 0]);
  });

  it('hands data published before the first bar to the strategy at the start, not at its past time', () => {
    storeHourlyBars(t.store, [
      [10, 10, 10, 10],
      [10, 10, 10, 10],
    ]);
    const seen: [number, number][] = [];
    const strategy: Strategy = {
      name: 'data-recorder',
      onData(event, ctx) {
        seen.push([event.availableAt, ctx.now()]);
      },
    };
    const early = (T0 - 5 * H) as EpochMs;
    const inside = (T0 + H / 2) as EpochMs;
    runBacktest(t.store, {
      ...exactSpec({ from: T0 }),
      strategy,
      data: [
        { source: 'numerai', key: 'network_health', eventTime: early, availableAt: inside, value: 2 },
        { source: 'numerai', key: 'network_health', eventTime: early, availableAt: early, value: 1 },
      ],
    });
    expect(seen).toEqual([
      [early, T0],
      [inside, inside],
    ]);
  });

  it('gives the same result twice (deterministic)', () => {
    storeHourlyBars(
      t.store,
      Array.from({ length: 60 }, (_, i) => {
        const p = 10 + Math.sin(i / 3);
        return [p, p + 0.2, p - 0.2, p + 0.05];
      }),
    );
    const run = () =>
      JSON.stringify(
        runBacktest(t.store, {
          ...exactSpec(),
          strategy: scripted({ 3: { side: 'long', tag: 'a' }, 20: { side: 'short', tag: 'b' } }),
        }),
      );
    expect(run()).toBe(run());
  });

  it('names the commands that would fill a missing span', () => {
    expect(() => runBacktest(t.store, { ...exactSpec(), strategy: scripted({}) })).toThrow(
      /no 1h \(or finer\) candles stored for testex NMR\/USDT:USDT.*nmrbot data download/,
    );
  });

  it('sees the bar only at its close time and fills no earlier than the next open', () => {
    storeHourlyBars(t.store, flatBars(10, 3));
    const seen: [number, number][] = [];
    const strategy: Strategy = {
      name: 'probe',
      onBar(bar, ctx) {
        seen.push([bar.closeTime, ctx.now()]);
      },
    };
    runBacktest(t.store, { ...exactSpec(), strategy });
    expect(seen).toEqual([
      [T0 + H, T0 + H],
      [T0 + 2 * H, T0 + 2 * H],
      [T0 + 3 * H, T0 + 3 * H],
    ]);
  });
});
