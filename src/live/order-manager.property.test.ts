import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClientOrderId, type EpochMs, SimClock } from '../core/index.js';
import { checkTransition, isTerminal, LiveOrderStatus } from './order-lifecycle.js';
import type { ExchangeOrderReport, ExchangeTrade, OrderGateway } from './order-gateway.types.js';
import { OrderManager } from './order-manager.js';

const T = 1736164800000 as EpochMs;
const STATUSES = Object.values(LiveOrderStatus);

describe('checkTransition (property, fixed seed)', () => {
  it('never lets an order go back a stage or leave an end, whatever reports arrive', () => {
    const rank = (s: LiveOrderStatus): number => (isTerminal(s) ? 4 : STATUSES.indexOf(s));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATUSES), { maxLength: 30 }), (reports) => {
        let state: LiveOrderStatus = LiveOrderStatus.New;
        for (const to of reports) {
          let outcome: string;
          try {
            outcome = checkTransition('o', state, to);
          } catch {
            outcome = 'impossible';
          }
          if (outcome !== 'applied') continue;
          expect(rank(to)).toBeGreaterThanOrEqual(rank(state));
          expect(isTerminal(state), `left the end ${state} for ${to}`).toBe(false);
          state = to;
        }
      }),
      { seed: 20261126, numRuns: 2000 },
    );
  });
});

/**
 * A hand-written in-memory gateway (the ccxt path is covered against the exchange double): it
 * acknowledges every create as order 1 and knows nothing else.
 */
const ACK_ONLY: OrderGateway = {
  createOrder: (r) =>
    Promise.resolve({
      venueClientId: r.venueClientId,
      venueOrderId: '1',
      status: 'acknowledged',
      filledQuantity: 0,
      time: T,
    }),
  fetchOrder: () => Promise.resolve(undefined),
  cancelOrder: () => Promise.reject(new Error('not used')),
  fetchOrderTrades: () => Promise.resolve([]),
  resyncTime: () => Promise.resolve(),
};

/** Five trades of order 1 adding up to its 10 NMR. */
const TRADES: readonly ExchangeTrade[] = [1, 2, 3, 1.5, 2.5].map((quantity, i) => ({
  tradeId: `t${i}`,
  venueOrderId: '1',
  symbol: 'NMR/USDT:USDT',
  side: 'buy',
  quantity,
  price: 10 + i / 100,
  fee: 0,
  time: (T + i) as EpochMs,
  maker: true,
}));

describe('OrderManager fills (property, fixed seed)', () => {
  it('applies each trade once, in any order and however often it is delivered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 25 }),
        fc.array(fc.constantFrom<ExchangeOrderReport['status']>('acknowledged', 'partially_filled'), {
          maxLength: 5,
        }),
        async (deliveries, reports) => {
          const manager = new OrderManager({
            gateway: ACK_ONLY,
            clock: new SimClock(T),
            runId: 'prop',
            stepSize: 0.1,
            recoverUntil: 0 as EpochMs,
          });
          const kernelId = 'k' as ClientOrderId;
          manager.submit(
            {
              clientOrderId: kernelId,
              symbol: 'NMR/USDT:USDT',
              side: 'buy',
              type: 'limit',
              price: 10.1,
              quantity: 10,
            },
            T,
            10,
          );
          await manager.settled();
          deliveries.forEach((i, n) => {
            manager.onTrade(TRADES[i] as ExchangeTrade);
            const status = reports[n];
            if (status)
              manager.onOrderReport({
                venueClientId: '',
                venueOrderId: '1',
                status,
                filledQuantity: 0,
                time: T,
              });
          });
          await manager.settled();
          const distinct = [...new Set(deliveries)];
          const filled = Math.round(distinct.reduce((s, i) => s + (TRADES[i]?.quantity ?? 0), 0) * 10) / 10;
          const fills = manager.drainEvents().filter((e) => e.type === 'fill');
          expect(fills).toHaveLength(distinct.length);
          const order = manager.order(kernelId);
          expect(order?.filledQuantity).toBe(filled);
          expect(order?.lifecycle).toBe(
            filled >= 10 ? 'filled' : distinct.length > 0 ? 'partially_filled' : 'acknowledged',
          );
          expect(manager.transitionErrors).toEqual([]);
        },
      ),
      { seed: 20261126, numRuns: 300 },
    );
  });
});
