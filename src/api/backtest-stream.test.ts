import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/index.js';
import {
  type TempStore,
  exactSpec,
  storeFunding,
  storeHourlyBars,
  tempStore,
} from '../backtest/test-helpers.js';
import type { EpochMs } from '../core/index.js';
import type { BarEvent, Strategy, StrategyContext, TargetPosition } from '../strategy/index.js';
import { createApiServer, type ApiServer } from './api-server.js';
import { InMemoryControls } from './in-memory-controls.js';
import { SessionStateTracker } from './session-state-tracker.js';
import { StreamClient } from './test-helpers.js';

function scripted(plan: Record<number, TargetPosition>): Strategy {
  let i = 0;
  return {
    name: 'scripted',
    onBar(_bar: BarEvent, ctx: StrategyContext) {
      const target = plan[i++];
      if (target) ctx.setTarget(target);
    },
  };
}

describe('SessionStateTracker fed by a SYNTHETIC backtest, streamed over a real WebSocket', () => {
  let t: TempStore;
  let server: ApiServer | undefined;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(async () => {
    await server?.close();
    t.cleanup();
  });

  it('agrees with the backtest on equity, fees and funding and pushes the final state to a client', async () => {
    // SYNTHETIC hourly bars: long from bar 1 open (10), flip short at bar 4 open (12), hold to the end.
    storeHourlyBars(t.store, [
      [10, 10, 10, 10],
      [10, 11, 10, 11],
      [11, 12, 11, 12],
      [12, 12, 12, 12],
      [12, 12, 11, 11],
      [11, 11, 10, 10],
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [10, 10, 10, 10],
      [10, 10, 10, 10],
    ]);
    storeFunding(t.store, [[8, 0.0005]]);
    const tracker = new SessionStateTracker({
      startingEquity: 1000,
      leverage: 1,
      leverageCap: 3,
      marginCapFraction: 0.4,
    });
    const controls = new InMemoryControls({ now: () => 0 as EpochMs, checkManual: () => ({ ok: true }) });
    server = await createApiServer({
      state: tracker,
      controls,
      tokenEnv: 'UNSET_TEST_TOKEN',
      env: {},
      stream: { throttleMs: 10 },
    });
    const client = await StreamClient.connect(`${server.url.replace('http', 'ws')}/api/stream`);

    const r = runBacktest(t.store, {
      ...exactSpec(),
      strategy: scripted({ 0: { side: 'long', tag: 'in' }, 3: { side: 'short', tag: 'flip' } }),
      observer: tracker,
    });
    tracker.setMarkPrice(10, tracker.snapshot().time ?? (0 as EpochMs));
    const final = tracker.snapshot();

    // The short held through 08:00 receives funding, and both fills paid fees: the checks below are not 0 = 0.
    expect([r.metrics.fundingReceived > 0, r.metrics.fees > 0, r.counts.fills]).toEqual([true, true, 2]);
    expect(final.account.equity).toBeCloseTo(r.metrics.finalEquity, 9);
    expect(final.account.fees).toBeCloseTo(r.metrics.fees, 12);
    expect(final.account.funding).toBeCloseTo(r.metrics.fundingReceived - r.metrics.fundingPaid, 12);
    expect(final.positions.map((p) => Math.sign(p.quantity))).toEqual([-1]);
    expect(final.recentTrades.map((trade) => trade.side)).toEqual(['long']);
    const pushed = await client.next((m) => m.state.version === final.version);
    expect(pushed.state.account.equity).toBeCloseTo(r.metrics.finalEquity, 9);
    await client.close();
  });
});
