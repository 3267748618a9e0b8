import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BacktestResult, runBacktest } from '../backtest/index.js';
import {
  H,
  T0,
  type TempStore,
  exactSpec,
  flatBars,
  storeFunding,
  storeHourlyBars,
  tempStore,
} from '../backtest/test-helpers.js';
import { defaultConfig } from '../config/index.js';
import type { Strategy } from '../strategy/index.js';
import { startMetricsServer } from './metrics-http.js';
import { MetricsObserver } from './metrics-observer.js';
import { parsePrometheusText } from './test-parse-metrics.js';

/**
 * Hand-made hourly bars (labelled synthetic): NMR flat at 13 USDT, then at 12:00 a bar whose low is
 * 11.7 (-10 %, over the 8 % breaker move), then flat at 13 again.
 */
function syntheticBars(): number[][] {
  const bars = flatBars(13, 24);
  bars[12] = [13, 13, 11.7, 13];
  return bars;
}

/**
 * Long the whole equity at 3x at 01:00 (margin cap resizes it), asks to grow at 02:00 (thin hours
 * refuse it), flat at 07:00, long again at 09:00 (the 12:00 crash trips the breaker and flattens it).
 */
const strategy: Strategy = {
  name: 'metrics-synthetic',
  onBar(bar, ctx) {
    const hour = (bar.closeTime - T0) / H;
    if (hour === 1 || hour === 2 || hour === 9) ctx.setTarget({ side: 'long', leverage: 3, tag: 'momentum' });
    else if (hour === 7) ctx.setTarget({ side: 'flat', tag: 'exit' });
  },
};

describe('MetricsObserver on a synthetic backtest', () => {
  let t: TempStore;
  let result: BacktestResult;
  let metrics: MetricsObserver;
  beforeEach(() => {
    t = tempStore();
    storeHourlyBars(t.store, syntheticBars());
    storeFunding(t.store, [
      [4, 0.001], // a long pays 0.1 % of notional
      [10, -0.002], // a long receives 0.2 %
    ]);
    metrics = new MetricsObserver({
      sources: {
        account: () => ({
          equity: 10_250.5,
          unrealisedPnl: -12.25,
          positions: { 'NMR/USDT:USDT': -300.5 },
          marginUsed: 1_300,
          leverage: 0.38,
        }),
        feedAges: () => ({ numerai: 3600, onchain: undefined }),
        latency: () => ({ sendToAck: { count: 4, p50: 12, p99: 40, max: 41 }, decisionToSend: undefined }),
      },
    });
    result = runBacktest(t.store, {
      ...exactSpec({ initialBalance: 10_000, leverage: 3, risk: defaultConfig().risk }),
      strategy,
      observer: metrics,
    });
  });
  afterEach(() => t.cleanup());

  it('counts exactly what the backtest result counts', async () => {
    const s = parsePrometheusText(await metrics.registry.metrics());
    const { counts, metrics: m, riskByRule } = result;
    expect(result.synthetic).toBe(true);
    expect(counts.circuitBreakerTrips, 'the 12:00 bar trips the breaker once').toBe(1);
    expect(counts.riskRefused + counts.riskResized, 'margin cap and thin hours cut entries').toBeGreaterThan(
      0,
    );
    expect(s.get('nmrbot_orders_total')).toBe(counts.orders);
    expect(s.get('nmrbot_order_status_total{status="filled"}')).toBe(counts.fills);
    expect(s.get('nmrbot_order_status_total{status="rejected"}') ?? 0).toBe(counts.rejectedOrders);
    expect(s.get('nmrbot_fills_total')).toBe(counts.fills);
    expect(s.get('nmrbot_fees_usdt_total')).toBeCloseTo(m.fees, 9);
    expect(s.get('nmrbot_funding_settlements_total')).toBe(counts.fundingSettlements);
    expect(counts.fundingSettlements, 'both settlements fall on an open long').toBe(2);
    expect(s.get('nmrbot_funding_paid_usdt_total')).toBeCloseTo(m.fundingPaid, 9);
    expect(s.get('nmrbot_funding_received_usdt_total')).toBeCloseTo(m.fundingReceived, 9);
    expect(s.get('nmrbot_circuit_breaker_trips_total')).toBe(counts.circuitBreakerTrips);
    for (const [reason, g] of Object.entries(m.byExitReason))
      expect(s.get(`nmrbot_trades_total{exit_reason="${reason}"}`), reason).toBe(g.trades);
    expect(Object.keys(m.byExitReason).sort()).toEqual(['circuit_breaker', 'exit']);
    for (const [rule, r] of Object.entries(riskByRule)) {
      expect(s.get(`nmrbot_risk_decisions_total{rule="${rule}",outcome="refused"}`) ?? 0, rule).toBe(
        r.refused,
      );
      expect(s.get(`nmrbot_risk_decisions_total{rule="${rule}",outcome="resized"}`) ?? 0, rule).toBe(
        r.resized,
      );
    }
    const net = result.trades.reduce((sum, x) => sum + x.netPnl, 0);
    const win = s.get('nmrbot_trade_net_pnl_usdt_total{result="win"}') ?? 0;
    const loss = s.get('nmrbot_trade_net_pnl_usdt_total{result="loss"}') ?? 0;
    expect(win - loss).toBeCloseTo(net, 9);
    expect(net, 'the synthetic run loses on fees and the crash').toBeLessThan(0);
  });

  it('serves the counters and the account gauges on GET /metrics over real HTTP', async () => {
    const server = await startMetricsServer(metrics.registry);
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const s = parsePrometheusText(await res.text());
      expect(s.get('nmrbot_fills_total')).toBe(result.counts.fills);
      expect(s.get('nmrbot_equity_usdt')).toBe(10_250.5);
      expect(s.get('nmrbot_unrealised_pnl_usdt')).toBe(-12.25);
      expect(s.get('nmrbot_margin_used_usdt')).toBe(1_300);
      expect(s.get('nmrbot_leverage')).toBe(0.38);
      expect(s.get('nmrbot_position{symbol="NMR/USDT:USDT"}')).toBe(-300.5);
      expect(s.get('nmrbot_feed_age_seconds{feed="numerai"}')).toBe(3600);
      expect(s.has('nmrbot_feed_age_seconds{feed="onchain"}')).toBe(false);
      expect(s.get('nmrbot_order_latency_ms{stage="sendToAck",quantile="0.99"}')).toBe(40);
      const missing = await fetch(server.url.replace('/metrics', '/other'));
      expect(missing.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
