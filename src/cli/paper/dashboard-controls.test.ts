import { describe, expect, it } from 'vitest';
import { SessionStateTracker, createApiServer } from '../../api/index.js';
import { BarLoop } from '../../backtest/index.js';
import { INSTRUMENT, SYMBOL } from '../../backtest/test-helpers.js';
import { defaultConfig } from '../../config/index.js';
import { type ClientOrderId, type EpochMs, HOUR_MS } from '../../core/index.js';
import { DEFAULT_SLIPPAGE } from '../../execution/index.js';
import { fanOutObserver } from '../../backtest/fan-out-observer.js';
import type { Decision } from '../../kernel/index.js';
import type {
  BarEvent,
  OrderIntent,
  Strategy,
  StrategyContext,
  TargetPosition,
} from '../../strategy/index.js';
import { PaperDashboardControls, journalConfidence } from './dashboard-controls.js';
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

  it('answers manual orders with 501 until a kernel is attached', async () => {
    const { controls } = setUp();
    expect(await controls.manualOrder({ side: 'buy', quantity: 3, note: 'test' })).toEqual({
      ok: false,
      status: 501,
      refused: 'not_implemented',
      message: 'manual buy 3: no trading session is attached to the controls yet',
    });
  });

  it('maps the API confidence 1..5 onto the journal scale 0..1', () => {
    expect([1, 2, 3, 4, 5].map(journalConfidence)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

const WED_08 = Date.UTC(2025, 0, 8, 8); // a Wednesday
const SAT_08 = Date.UTC(2025, 0, 11, 8);

/**
 * A paper session's loop (SYNTHETIC flat bars at 10) with the controls attached to its kernel; the
 * strategy asks for `targets[i]` at the close of bar i, then for the last one at every close.
 */
function attachedSession(start: number, targets: readonly TargetPosition[]) {
  const { controls, tracker } = setUp();
  const decisions: Decision[] = [];
  let bars = 0;
  const loop = new BarLoop({
    symbol: SYMBOL,
    timeframe: '1h',
    start: start as EpochMs,
    strategy: controls.wrap({
      name: 'asking',
      onBar: (_bar, ctx) => {
        const target = targets[Math.min(bars, targets.length - 1)];
        if (target) ctx.setTarget(target);
      },
    }),
    instrument: INSTRUMENT,
    initialBalance: 1000,
    leverage: 3,
    slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
    maxBarVolumeFraction: 1,
    risk: defaultConfig().risk,
    observer: fanOutObserver(tracker, { onDecision: (d) => decisions.push(d) }),
  });
  controls.attachKernel(loop.kernel);
  loop.start();
  let next = start;
  const bar = (): void => {
    loop.step({ openTime: next as EpochMs, open: 10, high: 10, low: 10, close: 10, volume: 1e6 });
    next += HOUR_MS;
    bars++;
  };
  return { controls, tracker, loop, decisions, bar };
}

async function withServer(
  s: ReturnType<typeof attachedSession>,
  run: (post: (path: string, body: unknown, token?: string) => Promise<Response>) => Promise<void>,
): Promise<void> {
  const server = await createApiServer({
    state: s.tracker,
    controls: s.controls,
    tokenEnv: 'T',
    env: { T: 'tok' },
  });
  try {
    await run((path, body, token = 'tok') =>
      fetch(server.url + path, {
        method: 'POST',
        headers: {
          ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }),
    );
  } finally {
    await server.close();
  }
}

describe('through the API server', () => {
  it('answers a manual order with HTTP 501 before a kernel is attached, and a pause with 200', async () => {
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

  it('on a weekday: 200 with the client id, the order fills at the next bar open and the strategy does not undo it', async () => {
    const s = attachedSession(WED_08, [{ side: 'flat', tag: 'signal_reversal' }]);
    s.bar(); // closes Wed 09:00
    await withServer(s, async (post) => {
      const unauthorised = await post('/api/orders', { side: 'buy', quantity: 30, note: 'x' }, '');
      expect(unauthorised.status).toBe(401);
      const wrong = await post('/api/orders', { side: 'buy', quantity: 30, note: 'x' }, 'nope');
      expect(wrong.status).toBe(401);
      expect(s.loop.tally.orders, 'nothing reached the venue without the token').toBe(0);

      const res = await post('/api/orders', {
        side: 'buy',
        quantity: 30,
        note: 'round resolves today',
        mood: 'calm',
        confidence: 4,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        ok: true,
        detail: 'manual buy 30 sent as asking-1',
        clientOrderId: 'asking-1',
      });
    });
    s.bar(); // fills at the open; the strategy asks for flat at the close
    s.bar(); // the flat target is held
    expect(s.loop.portfolio.position(SYMBOL)?.quantity).toBe(30);
    expect(s.tracker.snapshot().positions.map((p) => [p.quantity, p.entryPrice])).toEqual([[30, 10]]);
    expect(s.decisions.find((d) => d.kind === 'manual_order')).toMatchObject({
      operatorNote: 'round resolves today',
      mood: 'calm',
      confidence: 0.75,
    });
    expect(s.decisions.map((d) => d.kind)).toContain('target_held');
  });

  it('names the cap that resized a manual order', async () => {
    const s = attachedSession(WED_08, [{ side: 'flat', tag: 'signal_reversal' }]);
    s.bar();
    expect(await s.controls.manualOrder({ side: 'buy', quantity: 200, note: 'all in' })).toEqual({
      ok: true,
      detail:
        'manual buy 120 sent as asking-1 (asked 200; margin_cap: margin 666.666667 > 40% of equity 1,000 = 400: ' +
        'position cut from 200 to 120 at 3x)',
      clientOrderId: 'asking-1',
    });
    expect(await s.controls.manualOrder({ side: 'buy', quantity: 1, note: '   ' })).toEqual({
      ok: false,
      refused: 'invalid_order',
      message: 'manual order operatorNote: a note saying why is required',
    });
  });

  it('on a Saturday: 403 with the weekend rule and nothing sent; flatten is allowed', async () => {
    // At the weekend the strategy trades on its own: a long at the first close, then nothing.
    const s = attachedSession(SAT_08, [
      { side: 'long', tag: 'momentum' },
      { side: 'long', tag: 'momentum' },
    ]);
    s.bar();
    s.bar(); // the long opens at this bar's open: 120 NMR at the margin cap
    expect(s.loop.portfolio.position(SYMBOL)?.quantity).toBe(120);
    const ordersBefore = s.loop.tally.orders;
    await withServer(s, async (post) => {
      const res = await post('/api/orders', { side: 'buy', quantity: 30, note: 'weekend pump' });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        refused: 'weekend_manual',
        error:
          'a manual override refused at the weekend (2025-01-11T10:00:00.000Z): trading is fully automated ' +
          'on Saturday and Sunday UTC; a safety halt stays allowed',
      });
      expect(s.loop.tally.orders, 'nothing sent').toBe(ordersBefore);
      expect(await (await post('/api/flatten', {}, '')).json()).toEqual({ error: 'unauthorized' });
      const flat = await post('/api/flatten', {});
      expect(flat.status).toBe(200);
      expect(await flat.json()).toEqual({
        ok: true,
        detail: 'closing 120 with asking-2',
      });
    });
    s.bar();
    expect(s.loop.portfolio.position(SYMBOL)).toBeUndefined();
    // Newest first: the refusal, then the automatic long cut by the margin cap.
    expect(s.tracker.riskDecisions(10).map((d) => [d.rule, d.outcome, d.origin])).toEqual([
      ['weekend_manual', 'refused', 'manual'],
      ['margin_cap', 'resized', 'auto'],
    ]);
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
