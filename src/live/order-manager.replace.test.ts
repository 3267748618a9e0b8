import { afterEach, describe, expect, it } from 'vitest';
import type { ClientOrderId, EpochMs, OrderRequest } from '../core/index.js';
import { MINUTE, NMR, syntheticBars, T0, type Wired, wire } from './test-double.js';

const open: Wired[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

/** SYNTHETIC: flat at 10, except bar 1 which trades down to 9.8. */
const BARS = syntheticBars([
  [10, 10, 10, 10],
  [10, 10, 9.8, 10],
  ...Array.from({ length: 8 }, () => [10, 10, 10, 10] as const),
]);

const at = (minutes: number): EpochMs => (T0 + minutes * MINUTE) as EpochMs;
const id = (s: string): ClientOrderId => s as ClientOrderId;

function request(clientOrderId: string, extra: Partial<OrderRequest>): OrderRequest {
  return {
    clientOrderId: id(clientOrderId),
    symbol: NMR,
    side: 'buy',
    type: 'market',
    quantity: 40,
    ...extra,
  };
}

describe('OrderManager.replace on the exchange double', () => {
  it('moves a protective stop by placing the new one before cancelling the old', async () => {
    const w = await wire(BARS);
    open.push(w);
    const { manager, double } = w;
    manager.submit(request('entry', { tag: 'entry' }), at(1), 10);
    await manager.settled();
    const stop = manager.submit(
      request('stop-1', {
        side: 'sell',
        type: 'stop_market',
        triggerPrice: 9.5,
        reduceOnly: true,
        tag: 'stop_loss',
      }),
      at(1),
      10,
    );
    await manager.settled();
    const moved = manager.replace(stop.clientOrderId, id('stop-2'), { triggerPrice: 9.7 }, at(2));
    await manager.settled();
    const algo = double.requests
      .filter((r) => r.path === '/fapi/v1/algoOrder' && r.method !== 'GET')
      .map((r) => [r.method, r.params['clientAlgoId'], r.params['triggerPrice'], r.status]);
    expect(algo).toEqual([
      ['POST', stop.venueClientId, '9.5', 200],
      ['POST', moved.venueClientId, '9.7', 200],
      ['DELETE', stop.venueClientId, undefined, 200],
    ]);
    expect(manager.order(id('stop-1'))?.lifecycle).toBe('cancelled');
    expect(manager.order(id('stop-2'))).toMatchObject({
      lifecycle: 'acknowledged',
      triggerPrice: 9.7,
      quantity: 40,
    });
    expect(double.state().openAlgoOrders).toBe(1);
  });

  it('cancels a partly filled limit first and sends the copy for what did not fill', async () => {
    // 0.1 % of a 1,000 NMR bar: at most 1 NMR fills per bar
    const w = await wire(BARS, { double: { maxBarVolumeFraction: 0.001 } });
    open.push(w);
    const { manager, double } = w;
    const limit = manager.submit(
      request('bid-1', { type: 'limit', price: 9.9, quantity: 3, tag: 'entry' }),
      at(1),
      10,
    );
    await manager.settled();
    double.advance(2); // bar 1 trades down to 9.8: 1 of 3 fills at 9.9
    await manager.refresh();
    await manager.settled();
    expect(manager.order(limit.clientOrderId)).toMatchObject({
      lifecycle: 'partially_filled',
      filledQuantity: 1,
    });
    const copy = manager.replace(limit.clientOrderId, id('bid-2'), { price: 9.95 }, at(3));
    expect(copy.lifecycle, 'held back until the old order is cancelled').toBe('new');
    await manager.settled();
    expect(manager.order(limit.clientOrderId)).toMatchObject({ lifecycle: 'cancelled', filledQuantity: 1 });
    expect(manager.order(id('bid-2'))).toMatchObject({ lifecycle: 'acknowledged', quantity: 2, price: 9.95 });
    const orderCalls = double.requests
      .filter((r) => r.path === '/fapi/v1/order' && r.method !== 'GET')
      .map((r) => [
        r.method,
        r.params['newClientOrderId'] ?? r.params['origClientOrderId'],
        r.params['quantity'],
      ]);
    expect(orderCalls).toEqual([
      ['POST', limit.venueClientId, '3'],
      ['DELETE', limit.venueClientId, undefined],
      ['POST', copy.venueClientId, '2'],
    ]);
  });

  it('refuses to replace an order that has finished', async () => {
    const w = await wire(BARS);
    open.push(w);
    const entry = w.manager.submit(request('entry', { tag: 'entry' }), at(1), 10);
    await w.manager.settled();
    w.double.advance();
    await w.manager.refresh();
    await w.manager.settled();
    expect(() => w.manager.replace(entry.clientOrderId, id('entry-2'), { quantity: 1 }, at(2))).toThrow(
      'ORDER_FINISHED: clientOrderId=entry, status=filled',
    );
  });
});
