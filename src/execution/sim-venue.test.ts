import { describe, expect, it } from 'vitest';
import { InvariantError, VenueRejectedError } from '../core/index.js';
import { DEFAULT_SLIPPAGE } from './slippage.js';
import type { SimVenue } from './sim-venue.js';
import type { VenueEvent } from './sim-venue.types.js';
import {
  at,
  bar,
  cid,
  fillsOf,
  INSTRUMENT,
  limit,
  makeVenue,
  market,
  runBar,
  SYMBOL,
  venueWithPosition,
} from './test-fixtures.js';

describe('SimVenue market orders', () => {
  it('fills a market order decided at a close at the next bar open, taker fee, no slippage with model none', () => {
    const venue = makeVenue();
    runBar(venue, bar(0, 10, 10.1, 9.9, 10));
    expect(venue.submit(market('buy-1', 'buy', 2, { tag: 'entry' }), at(1), 10).status).toBe('open');

    const events = venue.onBarOpen(bar(1, 10.2, 10.4, 10.1, 10.3), at(1));
    const [fill] = fillsOf(events);
    expect(fill).toMatchObject({
      tradeId: 'sim-1',
      clientOrderId: 'buy-1',
      symbol: SYMBOL,
      time: at(1),
      side: 'buy',
      quantity: 2,
      price: 10.2,
      liquidity: 'taker',
      slippageCost: 0,
      reduceOnly: false,
      tag: 'entry',
    });
    expect(fill?.fee, 'taker 0.05 %: 10.2 x 2 x 0.0005').toBeCloseTo(0.0102, 12);
    expect(venue.order(cid('buy-1'))).toMatchObject({
      status: 'filled',
      filledQuantity: 2,
      averagePrice: 10.2,
    });
    expect(venue.position(SYMBOL)).toBe(2);
    expect(venue.openOrders()).toEqual([]);
  });

  it('never fills a market order intrabar: it waits for the next open', () => {
    const venue = makeVenue();
    venue.submit(market('m', 'buy', 1), at(0), 10);
    expect(venue.onBarClose(bar(0, 10, 11, 9, 10), at(1)), 'nothing at the close').toEqual([]);
    expect(fillsOf(venue.onBarOpen(bar(1, 10.5, 11, 10, 10.5), at(1)))[0]?.price).toBe(10.5);
  });

  it('slips a market fill by the sqrt-impact model, learning each bar only after it closed', () => {
    const venue = makeVenue({ slippage: { ...DEFAULT_SLIPPAGE, lookbackBars: 5 } });
    // Closes 10, 10.2, 10, 10.3, 10.1, volumes 100, 120, 80, 100, 100: sigma = 0.025934217 and mean
    // volume 100 (hand computation in slippage.test.ts).
    [10, 10.2, 10, 10.3, 10.1].forEach((c, i) =>
      runBar(venue, bar(i, c, c, c, c, [100, 120, 80, 100, 100][i])),
    );
    venue.submit(market('m', 'buy', 4), at(5), 10.1);
    // Bar 5 opens at 10.5 at 17:00 UTC (not thin). Its huge volume is not known yet at the open.
    // f = 0.0002 + 0.025934217 * sqrt(4 / 100) = 0.005386843; price = 10.5 x 1.005386843 = 10.556561855
    const fill = fillsOf(venue.onBarOpen(bar(5, 10.5, 10.6, 10.4, 10.5, 1e6), at(5)))[0];
    expect(fill?.price).toBeCloseTo(10.556561855, 9);
    expect(fill?.slippageCost, '(10.556561855 - 10.5) x 4').toBeCloseTo(0.226247419, 9);
    expect(fill?.fee, '10.556561855 x 4 x 0.0005').toBeCloseTo(0.021113124, 9);
    expect(venue.marketStats().averageBarVolume, 'bar 5 is learned only at its close').toBe(100);
  });
});

describe('SimVenue volume cap', () => {
  it('splits a market order over bars at 10 % of each bar volume, with exact quantities', () => {
    const venue = makeVenue({ maxBarVolumeFraction: 0.1 });
    venue.submit(market('big', 'buy', 7), at(0), 10);
    const q: number[] = [];
    const statuses: string[] = [];
    for (const [i, open] of [10, 11, 12].entries()) {
      const events = runBar(venue, bar(i, open, open, open, open, 25));
      q.push(...fillsOf(events).map((f) => f.quantity));
      statuses.push(venue.order(cid('big'))?.status ?? '');
    }
    expect(q, '10 % of 25 = 2.5 per bar, then the last 2').toEqual([2.5, 2.5, 2]);
    expect(statuses).toEqual(['partially_filled', 'partially_filled', 'filled']);
    expect(venue.order(cid('big'))?.averagePrice, '(2.5 x 10 + 2.5 x 11 + 2 x 12) / 7').toBeCloseTo(
      76.5 / 7,
      12,
    );
  });

  it('rounds the cap down to the step (10 % of 33 is 3.3, not 3.3000000000000003)', () => {
    const venue = makeVenue({ maxBarVolumeFraction: 0.1 });
    venue.submit(market('m', 'buy', 5), at(0), 10);
    expect(fillsOf(runBar(venue, bar(0, 10, 10, 10, 10, 33)))[0]?.quantity).toBe(3.3);
  });

  it('fills nothing in a zero-volume bar', () => {
    const venue = makeVenue();
    venue.submit(market('m', 'buy', 1), at(0), 10);
    expect(runBar(venue, bar(0, 10, 10, 10, 10, 0))).toEqual([]);
    expect(fillsOf(runBar(venue, bar(1, 10, 10, 10, 10, 50)))[0]?.quantity).toBe(1);
  });

  it('shares one budget between the open and intrabar fills of a bar', () => {
    const venue = makeVenue({ maxBarVolumeFraction: 0.1 });
    venue.submit(limit('bid', 'buy', 1, 9.9), at(0), 10);
    venue.submit(market('m', 'buy', 2), at(0), 10);
    const fills = fillsOf(runBar(venue, bar(0, 10, 10.1, 9.8, 10, 25)));
    expect(
      fills.map((f) => [f.clientOrderId, f.quantity]),
      'budget 2.5: 2 at the open, 0.5 left',
    ).toEqual([
      ['m', 2],
      ['bid', 0.5],
    ]);
    expect(fills[1]?.fee, 'maker 0.02 %: 9.9 x 0.5 x 0.0002').toBeCloseTo(0.00099, 12);
    expect(venue.order(cid('bid'))?.status).toBe('partially_filled');
  });
});

describe('SimVenue submit and cancel', () => {
  it('shrinks a reduce-only order to the position', () => {
    const venue = venueWithPosition(2);
    const state = venue.submit(market('exit', 'sell', 5, { reduceOnly: true }), at(2), 10);
    expect(state).toMatchObject({ status: 'open', quantity: 2 });
    expect(fillsOf(runBar(venue, bar(2, 10, 10, 10, 10)))[0]?.quantity).toBe(2);
    expect(venue.position(SYMBOL)).toBe(0);
  });

  it('rejects reduce-only orders when flat or on the position side, and keeps them for lookup', () => {
    const flat = makeVenue();
    const rejected = flat.submit(market('x', 'sell', 1, { reduceOnly: true }), at(0), 10);
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectReason: 'REDUCE_ONLY_NO_POSITION: side=sell, position=0',
    });
    expect(flat.order(cid('x'))?.status).toBe('rejected');
    expect(flat.openOrders()).toEqual([]);
    const long = venueWithPosition(2);
    expect(long.submit(market('y', 'buy', 1, { reduceOnly: true }), at(2), 10).rejectReason).toBe(
      'REDUCE_ONLY_WOULD_INCREASE: side=buy, position=2',
    );
  });

  it('rejects filter breaches and duplicate client ids with the numbers', () => {
    const venue = makeVenue();
    expect(venue.submit(market('a', 'buy', 0.4), at(0), 8).rejectReason).toBe(
      'MIN_NOTIONAL: notional=3.2, min=5',
    );
    venue.submit(market('b', 'buy', 1), at(0), 10);
    expect(venue.submit(market('b', 'buy', 1), at(0), 10).rejectReason).toBe(
      'DUPLICATE_CLIENT_ORDER_ID: clientOrderId=b',
    );
    expect(venue.order(cid('b'))?.status, 'the original order is untouched').toBe('open');
  });

  it('cancels working orders, leaves finished ones alone and refuses unknown ids', () => {
    const venue = makeVenue();
    venue.submit(limit('bid', 'buy', 1, 9), at(0), 10);
    expect(venue.cancel(cid('bid'), at(0))).toMatchObject({ status: 'canceled', updatedAt: at(0) });
    expect(runBar(venue, bar(0, 10, 10, 8, 9)), 'a canceled limit never fills').toEqual([]);
    expect(venue.cancel(cid('bid'), at(1)).updatedAt, 'idempotent').toBe(at(0));
    expect(() => venue.cancel(cid('nope'), at(1))).toThrow(VenueRejectedError);
    expect(() => venue.cancel(cid('nope'), at(1))).toThrow('UNKNOWN_ORDER: clientOrderId=nope');
  });

  it('refuses to process a bar before it opens or a close before its open', () => {
    const venue = makeVenue();
    expect(() => venue.onBarOpen(bar(1, 10, 10, 10, 10), at(0))).toThrow(InvariantError);
    expect(() => venue.onBarClose(bar(1, 10, 10, 10, 10), at(1))).toThrow(InvariantError);
  });
});

describe('SimVenue ids', () => {
  function script(venue: SimVenue): VenueEvent[] {
    venue.submit(market('a', 'buy', 3), at(0), 10);
    venue.submit(limit('b', 'sell', 1, 10.5), at(0), 10);
    return [
      ...runBar(venue, bar(0, 10, 10.6, 9.9, 10.4, 20)),
      ...runBar(venue, bar(1, 10.4, 10.7, 10, 10.6, 20)),
    ];
  }

  it('produces identical events and sequential trade ids on every run', () => {
    const first = script(makeVenue({ maxBarVolumeFraction: 0.1 }));
    expect(first, 'same inputs, same events').toEqual(script(makeVenue({ maxBarVolumeFraction: 0.1 })));
    expect(fillsOf(first).map((f) => f.tradeId)).toEqual(['sim-1', 'sim-2', 'sim-3']);
  });

  it('uses the configured id prefix', () => {
    const ids = fillsOf(script(makeVenue({ idPrefix: 'bt' }))).map((f) => f.tradeId);
    expect(ids).toEqual(['bt-1', 'bt-2']);
  });

  it('stamps the instrument symbol on every fill', () => {
    expect(fillsOf(script(makeVenue())).every((f) => f.symbol === INSTRUMENT.symbol)).toBe(true);
  });
});
