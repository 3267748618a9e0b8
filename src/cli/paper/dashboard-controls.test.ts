import { describe, expect, it } from 'vitest';
import { SessionStateTracker, createApiServer } from '../../api/index.js';
import type { ClientOrderId, EpochMs } from '../../core/index.js';
import type {
  BarEvent,
  OrderIntent,
  Strategy,
  StrategyContext,
  TargetPosition,
} from '../../strategy/index.js';
import { PaperDashboardControls } from './dashboard-controls.js';
import { dashboardPort } from './dashboard-server.js';

/** A strategy context that records what reaches it, holding `quantity` (synthetic, no market). */
function recordingContext(quantity: number) {
  const targets: TargetPosition[] = [];
  const orders: OrderIntent[] = [];
  const ctx = {
    symbol: 'NMR/USDT:USDT',
    now: () => 0 as EpochMs,
    position: () =>
      quantity === 0
        ? undefined
        : {
            symbol: 'NMR/USDT:USDT',
            quantity,
            entryPrice: 10,
            leverage: 2,
            unrealisedPnl: 0,
            liquidationPrice: undefined,
            openedAt: 0 as EpochMs,
          },
    setTarget: (t: TargetPosition) => targets.push(t),
    submitOrder: (o: OrderIntent) => {
      orders.push(o);
      return 'id' as ClientOrderId;
    },
    log: () => undefined,
  } as unknown as StrategyContext;
  return { ctx, targets, orders };
}

/** Asks for `target` and sends a market buy on every bar. */
const asking = (target: TargetPosition): Strategy => ({
  name: 'asking',
  onBar: (_bar, ctx) => {
    ctx.setTarget(target);
    ctx.submitOrder({ side: 'buy', type: 'market', quantity: 5 });
  },
});
const BAR = {} as BarEvent;

function setUp() {
  const tracker = new SessionStateTracker({
    startingEquity: 1000,
    leverage: 2,
    leverageCap: 3,
    marginCapFraction: 0.4,
  });
  return { tracker, controls: new PaperDashboardControls(tracker) };
}

describe('PaperDashboardControls', () => {
  it('passes everything through while not paused', () => {
    const { controls } = setUp();
    const { ctx, targets, orders } = recordingContext(0);
    controls.wrap(asking({ side: 'long' })).onBar?.(BAR, ctx);
    expect(targets).toEqual([{ side: 'long' }]);
    expect(orders).toEqual([{ side: 'buy', type: 'market', quantity: 5 }]);
  });

  it('paused: drops an entry, turns a flip into flat, keeps holding and exits, sends orders reduce-only', async () => {
    const { controls, tracker } = setUp();
    expect(await controls.pause()).toEqual({
      ok: true,
      detail: 'paused: new entries are dropped until resume',
    });
    expect(tracker.snapshot().paused).toBe(true);
    const cases: readonly [number, TargetPosition['side'], TargetPosition['side'] | undefined][] = [
      [0, 'long', undefined], // opening: dropped
      [10, 'long', undefined], // holding the same side: dropped, the position stays
      [-10, 'long', 'flat'], // a flip: only its closing half
      [10, 'flat', 'flat'], // an exit
    ];
    for (const [held, asked, reaching] of cases) {
      const { ctx, targets, orders } = recordingContext(held);
      controls.wrap(asking({ side: asked })).onBar?.(BAR, ctx);
      expect(
        targets.map((t) => t.side),
        `held ${held}, asked ${asked}`,
      ).toEqual(reaching ? [reaching] : []);
      expect(orders).toEqual([{ side: 'buy', type: 'market', quantity: 5, reduceOnly: true }]);
    }
    await controls.resume();
    expect(tracker.snapshot().paused).toBe(false);
    const { ctx, targets } = recordingContext(0);
    controls.wrap(asking({ side: 'short' })).onBar?.(BAR, ctx);
    expect(targets).toEqual([{ side: 'short' }]);
  });

  it('flatten: a flat target after the strategy at the next bar close, once', async () => {
    const { controls } = setUp();
    const strategy = controls.wrap(asking({ side: 'long' }));
    expect(await controls.flattenAll()).toEqual({
      ok: true,
      detail: 'flat target set at the next bar close',
    });
    const first = recordingContext(10);
    strategy.onBar?.(BAR, first.ctx);
    expect(first.targets).toEqual([{ side: 'long' }, { side: 'flat', tag: 'dashboard_flatten' }]);
    const next = recordingContext(0);
    strategy.onBar?.(BAR, next.ctx);
    expect(next.targets).toEqual([{ side: 'long' }]);
  });

  it('shows the score snapshot a target carries as the signal families', () => {
    const { controls, tracker } = setUp();
    const snapshot = {
      score: 0.42,
      families: {
        price: { value: 0.6, weight: 0.5, effectiveWeight: 0.5 },
        network: { value: null, weight: 0.3, effectiveWeight: 0 },
      },
    };
    const { ctx } = recordingContext(0);
    controls.wrap(asking({ side: 'long', snapshot })).onBar?.(BAR, ctx);
    expect(tracker.snapshot().signals).toEqual({
      score: 0.42,
      families: [
        { name: 'price', weight: 0.5, score: 0.6 },
        { name: 'network', weight: 0, score: null },
      ],
    });
  });

  it('refuses manual orders with 501', async () => {
    const { controls } = setUp();
    expect(await controls.manualOrder({ side: 'buy', quantity: 3, note: 'test' })).toEqual({
      ok: false,
      status: 501,
      refused: 'not_implemented',
      message:
        "manual buy 3: manual orders are not implemented for paper sessions (the strategy's target would undo them at the next bar)",
    });
  });
});

describe('through the API server', () => {
  it('answers a manual order with HTTP 501 and a pause with 200', async () => {
    const { controls, tracker } = setUp();
    const server = await createApiServer({ state: tracker, controls, tokenEnv: 'T', env: { T: 'tok' } });
    try {
      const post = (path: string, body: unknown) =>
        fetch(server.url + path, {
          method: 'POST',
          headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const order = await post('/api/orders', { side: 'buy', quantity: 3, note: 'test' });
      expect(order.status).toBe(501);
      expect(((await order.json()) as { refused: string }).refused).toBe('not_implemented');
      expect((await post('/api/pause', {})).status).toBe(200);
      expect(controls.paused).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('dashboardPort', () => {
  it('reads --dashboard [port]', () => {
    expect(dashboardPort(true)).toBe(0);
    expect(dashboardPort('8787')).toBe(8787);
    expect(() => dashboardPort('80a')).toThrow('--dashboard: expected a port number 0-65535, got "80a"');
    expect(() => dashboardPort('70000')).toThrow('--dashboard: expected a port number 0-65535, got "70000"');
  });
});
