import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import type { EpochMs } from '../core/index.js';
import { startReceiver } from './alerts/test-receiver.js';
import { startOperations } from './operations.js';
import { parsePrometheusText } from './test-parse-metrics.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('startOperations', () => {
  it('wires metrics, alerts and the digest from the config; stop flushes the queue and closes the server', async () => {
    const hook = await startReceiver();
    cleanups.push(() => hook.close());
    const config = parseConfig(
      { alerts: { events: ['trade_open', 'error'], digest: { times: ['12:00'] } } },
      'test',
    );
    let now = Date.UTC(2025, 0, 6, 11);
    const pending: { at: number; fn: () => void }[] = [];
    const warnings: string[] = [];
    const ops = await startOperations({
      config,
      env: { NMRBOT_ALERT_WEBHOOK_URL: `${hook.url}/hook` },
      sources: {
        account: () => ({ equity: 1_000, unrealisedPnl: 0, positions: {}, marginUsed: 0, leverage: 0 }),
      },
      metricsPort: 0,
      warn: (m) => warnings.push(m),
      now: () => now,
      schedule: (at, fn) => {
        pending.push({ at, fn });
        return () => {};
      },
    });
    const [metrics, alerts] = ops.observers;
    const fill = {
      tradeId: '1',
      clientOrderId: 'c1',
      symbol: 'NMR/USDT:USDT',
      time: now as EpochMs,
      side: 'sell',
      quantity: 10,
      price: 13,
      fee: 0.065,
      liquidity: 'taker',
      slippageCost: 0,
      reduceOnly: false,
      tag: 'funding_reversion',
    } as const;
    for (const o of [metrics, alerts]) o?.onFill?.(fill as never);
    expect(pending.map((p) => p.at)).toEqual([Date.UTC(2025, 0, 6, 12)]);
    now = Date.UTC(2025, 0, 6, 12);
    pending.shift()?.fn();
    const scraped = parsePrometheusText(await (await fetch(ops.metricsServer?.url ?? '')).text());
    expect(scraped.get('nmrbot_fills_total')).toBe(1);
    expect(scraped.get('nmrbot_equity_usdt')).toBe(1_000);
    await ops.stop();
    const events = hook.received.map((r) => (JSON.parse(r.body) as { event: string; title: string }).title);
    expect(events).toEqual(['Opened short NMR/USDT:USDT', 'nmrbot digest']);
    expect(warnings).toEqual([]);
    await expect(fetch(ops.metricsServer?.url ?? '')).rejects.toThrow();
  });
});
