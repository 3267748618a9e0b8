import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../core/index.js';
import { applyFilters, roundPrice, roundQuantityDown, stopWouldTrigger } from './filters.js';
import { INSTRUMENT, limit, market, stop } from './test-fixtures.js';

/** Decimals written after the point, e.g. 0.25 → 2 (values here never print in exponent form). */
function writtenDecimals(x: number): number {
  return (x.toString().split('.')[1] ?? '').length;
}

/** Whole multiple of `step`, checked in integer units of the step's last decimal. */
function isMultiple(x: number, step: number): boolean {
  const scale = 10 ** writtenDecimals(step);
  const units = Math.round(x * scale);
  return Math.abs(x * scale - units) < 1e-6 && units % Math.round(step * scale) === 0;
}

const STEPS = [0.001, 0.01, 0.1, 0.25, 0.5, 1, 5];

describe('roundQuantityDown', () => {
  it('truncates to the step like ccxt amountToPrecision', () => {
    expect(roundQuantityDown(1.234, 0.1), '1.234 has 12 whole steps of 0.1').toBe(1.2);
    expect(roundQuantityDown(1.99, 0.5), 'three whole steps of 0.5').toBe(1.5);
    expect(roundQuantityDown(7, 5)).toBe(5);
    expect(roundQuantityDown(0.09, 0.1), 'less than one step rounds to nothing').toBe(0);
  });

  it('keeps exact multiples exact instead of dropping a step to float noise', () => {
    expect(roundQuantityDown(0.3, 0.1), '0.3 is three steps, not 0.29999...').toBe(0.3);
    expect(roundQuantityDown(0.7 - 0.4, 0.1), '0.7 - 0.4 = 0.29999999999999993 means 0.3').toBe(0.3);
    expect(roundQuantityDown(0.1 + 0.2, 0.1), '0.30000000000000004 means 0.3').toBe(0.3);
    expect(roundQuantityDown(1.1, 0.01), 'the result is the double nearest 1.1').toBe(1.1);
  });

  it('never exceeds a decimal request and returns whole steps (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STEPS),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        (step, n, k) => {
          const qty = n / 10 ** k;
          const r = roundQuantityDown(qty, step);
          expect(r, `${qty} step ${step} → ${r} must not exceed the request`).toBeLessThanOrEqual(qty);
          expect(qty - r, `${qty} step ${step} → ${r} loses less than one step`).toBeLessThan(step + 1e-9);
          expect(isMultiple(r, step), `${r} is a multiple of ${step}`).toBe(true);
          expect(writtenDecimals(r), `${r} prints with at most the step's decimals`).toBeLessThanOrEqual(
            writtenDecimals(step),
          );
        },
      ),
    );
  });

  it('never exceeds an arbitrary float request beyond float noise (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STEPS), fc.double({ min: 0, max: 1e6, noNaN: true }), (step, qty) => {
        const r = roundQuantityDown(qty, step);
        expect(r, `${qty} step ${step}: at most 1e-14 relative above (15-digit reading)`).toBeLessThanOrEqual(
          qty * (1 + 1e-14),
        );
        expect(isMultiple(r, step), `${r} is a multiple of ${step}`).toBe(true);
      }),
    );
  });
});

describe('roundPrice', () => {
  it('rounds to the nearest tick like ccxt priceToPrecision, or down and up on request', () => {
    expect(roundPrice(10.017, 0.01, 'nearest')).toBe(10.02);
    expect(roundPrice(10.017, 0.01, 'down')).toBe(10.01);
    expect(roundPrice(10.011, 0.01, 'up')).toBe(10.02);
    expect(roundPrice(10.015, 0.01, 'nearest'), 'a written half rounds away from zero').toBe(10.02);
    expect(roundPrice(10.02, 0.01, 'up'), 'a price on the tick stays put').toBe(10.02);
  });

  it('returns tick multiples on the requested side (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.001, 0.01, 0.05, 0.1),
        fc.integer({ min: 1, max: 10_000_000 }),
        (tick, n) => {
          const price = n / 10_000;
          const down = roundPrice(price, tick, 'down');
          const up = roundPrice(price, tick, 'up');
          const nearest = roundPrice(price, tick, 'nearest');
          for (const p of [down, up, nearest]) expect(isMultiple(p, tick), `${p} on tick ${tick}`).toBe(true);
          expect(down, 'down never above').toBeLessThanOrEqual(price);
          expect(up, 'up never below').toBeGreaterThanOrEqual(price);
          expect(Math.abs(nearest - price), 'nearest within half a tick').toBeLessThanOrEqual(
            tick / 2 + 1e-12,
          );
        },
      ),
    );
  });
});

describe('applyFilters', () => {
  function rejection(request: OrderRequest, reference = 10, position = 0): string | undefined {
    const r = applyFilters(request, INSTRUMENT, reference, position);
    return r.ok ? undefined : r.rejection.message;
  }

  it('rejects a notional under the minimum, valued at the reference price for market orders', () => {
    expect(rejection(market('a', 'buy', 0.4), 8), '0.4 x 8 = 3.2 < 5').toBe(
      'MIN_NOTIONAL: notional=3.2, min=5',
    );
    const r = applyFilters(market('a', 'buy', 0.4), INSTRUMENT, 8, 0);
    expect(r.ok ? '' : r.rejection.code).toBe('MIN_NOTIONAL');
  });

  it('checks min notional on the rounded quantity and the limit price', () => {
    expect(rejection(limit('a', 'buy', 0.59, 10)), '0.59 → 0.5 at 10 = 5 passes').toBeUndefined();
    expect(rejection(limit('a', 'buy', 0.59, 9.99)), '0.5 x 9.99 = 4.995').toBe(
      'MIN_NOTIONAL: notional=4.995, min=5',
    );
  });

  it('rejects a quantity that rounds below the minimum quantity', () => {
    expect(rejection(market('a', 'buy', 0.05))).toBe('MIN_QUANTITY: quantity=0.05, rounded=0, min=0.1');
  });

  it('rounds buy limits down and sell limits up, and truncates the quantity', () => {
    const buy = applyFilters(limit('a', 'buy', 1.234, 10.017), INSTRUMENT, 10, 0);
    const sell = applyFilters(limit('b', 'sell', 1.234, 10.011), INSTRUMENT, 10, 0);
    expect(buy.ok && buy.request).toMatchObject({ quantity: 1.2, price: 10.01 });
    expect(sell.ok && sell.request).toMatchObject({ quantity: 1.2, price: 10.02 });
  });

  it('rounds stop triggers toward the market: sell stops up, buy stops down', () => {
    const sell = applyFilters(stop('s', 'sell', 1, 9.503), INSTRUMENT, 10, 1);
    expect(sell.ok && sell.request.triggerPrice).toBe(9.51);
  });

  it('shrinks a reduce-only order to the position and exempts it from min notional', () => {
    const r = applyFilters(market('x', 'sell', 5, { reduceOnly: true }), INSTRUMENT, 10, 0.3);
    expect(r.ok && r.request.quantity, 'shrunk to the 0.3 held; 0.3 x 10 = 3 < 5 is allowed').toBe(0.3);
  });

  it('rejects reduce-only orders when flat or on the position side', () => {
    expect(rejection(market('x', 'sell', 1, { reduceOnly: true }), 10, 0)).toBe(
      'REDUCE_ONLY_NO_POSITION: side=sell, position=0',
    );
    expect(rejection(market('x', 'buy', 1, { reduceOnly: true }), 10, 2)).toBe(
      'REDUCE_ONLY_WOULD_INCREASE: side=buy, position=2',
    );
    expect(
      rejection(market('x', 'buy', 1, { reduceOnly: true }), 10, -2),
      'a buy reduces a short',
    ).toBeUndefined();
  });

  it('rejects missing prices, bad quantities and other symbols', () => {
    expect(rejection({ ...limit('a', 'buy', 1, 10), price: undefined })).toBe(
      'INVALID_PRICE: type=limit, price=undefined',
    );
    expect(rejection(market('a', 'buy', -1))).toBe('INVALID_QUANTITY: quantity=-1');
    expect(rejection({ ...market('a', 'buy', 1), symbol: 'BTC/USDT:USDT' })).toBe(
      'UNKNOWN_SYMBOL: symbol=BTC/USDT:USDT, venueSymbol=NMR/USDT:USDT',
    );
  });

  it('never accepts a non-reduce-only order under min notional or above the request (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom('market' as const, 'limit' as const),
        fc.boolean(),
        fc.integer({ min: -50, max: 50 }),
        (q, p, type, reduceOnly, pos) => {
          const qty = q / 1000;
          const price = p / 1000;
          const req =
            type === 'market'
              ? market('a', 'sell', qty, { reduceOnly })
              : { ...limit('a', 'sell', qty, price, reduceOnly) };
          const r = applyFilters(req, INSTRUMENT, price, pos / 10);
          if (!r.ok) return;
          const valuation = r.request.price ?? price;
          expect(r.request.quantity, 'never more than asked').toBeLessThanOrEqual(qty);
          expect(isMultiple(r.request.quantity, 0.1), 'whole steps').toBe(true);
          if (r.request.price !== undefined)
            expect(isMultiple(r.request.price, 0.01), 'on the tick').toBe(true);
          if (!reduceOnly)
            expect(r.request.quantity * valuation, 'min notional holds').toBeGreaterThanOrEqual(5);
        },
      ),
    );
  });
});

describe('stopWouldTrigger', () => {
  it('refuses a sell stop at or above the last price, like Binance -2021', () => {
    expect(stopWouldTrigger(stop('s', 'sell', 1, 10.5), 10)?.message).toBe(
      'STOP_WOULD_TRIGGER: side=sell, trigger=10.5, last=10',
    );
    expect(stopWouldTrigger(stop('s', 'sell', 1, 9.5), 10), 'below the market is fine').toBeUndefined();
    expect(stopWouldTrigger(stop('b', 'buy', 1, 9.5), 10)?.code).toBe('STOP_WOULD_TRIGGER');
  });
});
