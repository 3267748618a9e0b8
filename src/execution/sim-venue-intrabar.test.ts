import { describe, expect, it } from 'vitest';
import { epochMs } from '../core/index.js';
import type { VenueEvent } from './sim-venue.types.js';
import {
  at,
  bar,
  cid,
  fillsOf,
  limit,
  makeVenue,
  market,
  runBar,
  stop,
  SYMBOL,
  venueWithPosition,
} from './test-fixtures.js';

/** Intrabar fills are stamped one millisecond before bar 2 closes. */
const BAR2_FILL_TIME = epochMs(at(3) - 1);

function summary(events: readonly VenueEvent[]): string[] {
  return events.map((e) =>
    e.type === 'fill'
      ? `fill ${e.fill.clientOrderId} ${e.fill.quantity}@${e.fill.price}`
      : e.type === 'order'
        ? `order ${e.order.clientOrderId} ${e.order.status}`
        : `liquidation @${e.price}`,
  );
}

describe('SimVenue stop orders', () => {
  it('fills a stop touched intrabar at its trigger, taker fee', () => {
    const venue = venueWithPosition(2);
    venue.submit(stop('sl', 'sell', 2, 9.5), at(2), 10);
    const [fill] = fillsOf(runBar(venue, bar(2, 10, 10.1, 9.4, 9.8)));
    expect(fill).toMatchObject({
      price: 9.5,
      quantity: 2,
      time: BAR2_FILL_TIME,
      liquidity: 'taker',
      reduceOnly: true,
    });
    expect(fill?.fee, '9.5 x 2 x 0.0005').toBeCloseTo(0.0095, 12);
    expect(venue.position(SYMBOL)).toBe(0);
  });

  it('fills a stop the bar gapped through at the open, which is worse than the trigger', () => {
    const venue = venueWithPosition(2);
    venue.submit(stop('sl', 'sell', 2, 9.5), at(2), 10);
    const [fill] = fillsOf(runBar(venue, bar(2, 9, 9.3, 8.8, 9.1)));
    expect(fill?.price, 'opened at 9, below the 9.5 trigger').toBe(9);
    expect(fill?.fee, '9 x 2 x 0.0005').toBeCloseTo(0.009, 12);
  });

  it('lets a short buy stop fire on the way up', () => {
    const venue = venueWithPosition(-2);
    venue.submit(stop('sl', 'buy', 2, 10.5), at(2), 10);
    expect(fillsOf(runBar(venue, bar(2, 10, 10.7, 9.9, 10.2)))[0]?.price).toBe(10.5);
    expect(venue.position(SYMBOL)).toBe(0);
  });

  it('refuses a stop that would trigger at once', () => {
    const venue = venueWithPosition(2);
    expect(venue.submit(stop('sl', 'sell', 2, 10.5), at(2), 10).rejectReason).toBe(
      'STOP_WOULD_TRIGGER: side=sell, trigger=10.5, last=10',
    );
  });

  it('fills the rest of a triggered stop cut by the volume cap at the next open', () => {
    const venue = venueWithPosition(2, 10, { maxBarVolumeFraction: 0.1 });
    venue.submit(stop('sl', 'sell', 2, 9.5), at(2), 10);
    const first = fillsOf(runBar(venue, bar(2, 10, 10, 9.4, 9.6, 10)));
    expect(
      first.map((f) => [f.quantity, f.price]),
      '10 % of 10: 1 at the trigger',
    ).toEqual([[1, 9.5]]);
    expect(venue.order(cid('sl'))?.status).toBe('partially_filled');
    const second = fillsOf(runBar(venue, bar(3, 9.7, 9.8, 9.6, 9.7)));
    expect(
      second.map((f) => [f.quantity, f.price, f.time]),
      'the rest is a market order now',
    ).toEqual([[1, 9.7, at(3)]]);
    expect(venue.order(cid('sl'))?.status).toBe('filled');
    expect(venue.order(cid('sl'))?.averagePrice, '(9.5 + 9.7) / 2').toBeCloseTo(9.6, 12);
  });

  it('does not trigger in a zero-volume bar, then fills at the next open', () => {
    const venue = venueWithPosition(2);
    venue.submit(stop('sl', 'sell', 2, 9.5), at(2), 10);
    expect(runBar(venue, bar(2, 9, 9, 9, 9, 0)), 'no trades, no trigger').toEqual([]);
    expect(fillsOf(runBar(venue, bar(3, 9.1, 9.2, 9, 9.1)))[0]?.price, 'gapped: fills at the 9.1 open').toBe(
      9.1,
    );
  });
});

describe('SimVenue limit orders', () => {
  it('fills at the limit price only when the path trades through it, maker fee, no slippage', () => {
    const venue = makeVenue();
    venue.submit(limit('bid', 'buy', 1, 9.5), at(0), 10);
    expect(runBar(venue, bar(0, 10, 10.2, 9.5, 10)), 'a touch of 9.5 is not enough').toEqual([]);
    const [fill] = fillsOf(runBar(venue, bar(1, 10, 10.2, 9.49, 10)));
    expect(fill).toMatchObject({ price: 9.5, quantity: 1, liquidity: 'maker', slippageCost: 0 });
    expect(fill?.fee, '9.5 x 1 x 0.0002').toBeCloseTo(0.0019, 12);
  });
});

describe('SimVenue pessimistic intrabar order', () => {
  it('takes the stop, not the take-profit, when a long bar reaches both (low before high)', () => {
    const venue = venueWithPosition(2);
    venue.submit(stop('sl', 'sell', 2, 9.5), at(2), 10);
    venue.submit(limit('tp', 'sell', 2, 10.5, true), at(2), 10);
    const events = runBar(venue, bar(2, 10, 10.8, 9.3, 10.6));
    expect(summary(events), 'stop first; the reduce-only take-profit is cancelled once flat').toEqual([
      'fill sl 2@9.5',
      'order sl filled',
      'order tp canceled',
    ]);
  });

  it('takes the stop for a short too (high before low)', () => {
    const venue = venueWithPosition(-2);
    venue.submit(stop('sl', 'buy', 2, 10.5), at(2), 10);
    venue.submit(limit('tp', 'buy', 2, 9.5, true), at(2), 10);
    expect(summary(runBar(venue, bar(2, 10, 10.8, 9.3, 9.6)))).toEqual([
      'fill sl 2@10.5',
      'order sl filled',
      'order tp canceled',
    ]);
  });

  it('takes the take-profit when the stop is not reached, and cancels the stop', () => {
    const venue = venueWithPosition(2);
    venue.submit(stop('sl', 'sell', 2, 9.5), at(2), 10);
    venue.submit(limit('tp', 'sell', 2, 10.5, true), at(2), 10);
    const events = runBar(venue, bar(2, 10, 10.8, 9.6, 10.6));
    expect(summary(events)).toEqual(['fill tp 2@10.5', 'order tp filled', 'order sl canceled']);
    expect(fillsOf(events)[0]?.fee, 'maker: 10.5 x 2 x 0.0002').toBeCloseTo(0.0042, 12);
  });

  it('clips a reduce-only exit to what is left after a partial take-profit', () => {
    const venue = venueWithPosition(2);
    venue.submit(limit('tp', 'sell', 1, 10.5, true), at(2), 10);
    venue.submit(stop('sl', 'sell', 2, 9.5), at(2), 10);
    runBar(venue, bar(2, 10, 10.6, 9.9, 10.4));
    expect(venue.position(SYMBOL)).toBe(1);
    const events = runBar(venue, bar(3, 10.4, 10.4, 9.4, 9.6));
    expect(summary(events), 'the stop fills only the 1 held and expires the rest').toEqual([
      'fill sl 1@9.5',
      'order sl partially_filled',
      'order sl canceled',
    ]);
  });
});

describe('SimVenue liquidation', () => {
  const ctx = { liquidationPrice: 9.2, positionSide: 'long' as const };

  it('liquidates before the stop when the bar gaps below both', () => {
    const venue = venueWithPosition(2);
    venue.submit(stop('sl', 'sell', 2, 9.5), at(2), 10);
    const events = runBar(venue, bar(2, 9, 9.1, 8.9, 9.05), ctx);
    expect(events[0]).toEqual({ type: 'liquidation', symbol: SYMBOL, price: 9.2, time: BAR2_FILL_TIME });
    expect(summary(events), 'no stop fill; the stop is cancelled').toEqual([
      'liquidation @9.2',
      'order sl canceled',
    ]);
    expect(venue.position(SYMBOL)).toBe(0);
  });

  it('lets the stop act first when the path reaches it before the liquidation price', () => {
    const venue = venueWithPosition(2);
    venue.submit(stop('sl', 'sell', 2, 9.5), at(2), 10);
    expect(summary(runBar(venue, bar(2, 10, 10.1, 8.9, 9), ctx))).toEqual([
      'fill sl 2@9.5',
      'order sl filled',
    ]);
  });

  it('liquidates an unprotected position when the low reaches the price', () => {
    const venue = venueWithPosition(2);
    venue.submit(market('add', 'buy', 1), at(2), 10);
    const events = runBar(venue, bar(2, 10, 10.1, 9.1, 9.3), ctx);
    expect(summary(events)).toEqual(['fill add 1@10', 'order add filled', 'liquidation @9.2']);
  });

  it('ignores the liquidation price when the venue holds no such position', () => {
    const venue = makeVenue();
    expect(runBar(venue, bar(0, 10, 10, 8, 9), ctx)).toEqual([]);
  });
});
