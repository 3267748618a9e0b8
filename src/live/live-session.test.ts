import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BacktestResult, loadBars, runBacktest } from '../backtest/index.js';
import { type TempStore, tempStore } from '../backtest/test-helpers.js';
import { specFromConfig } from '../cli/backtest/backtest-spec.js';
import { defaultConfig } from '../config/index.js';
import type { EpochMs } from '../core/index.js';
import { type CandleSeries, importFiles } from '../data/index.js';
import { type ExchangeDouble, startExchangeDouble } from '../exchange-double/index.js';
import type { TradeRecord } from '../kernel/index.js';
import { ccxtMarketEvents } from '../paper/index.js';
import { loadStrategy } from '../strategy/index.js';
import { DOUBLE_KEY, DOUBLE_SECRET, liveSessionOnDouble, NMR, NMR_15M_FILE } from './live-test-wiring.js';

const FROM = Date.UTC(2025, 1, 1);
const TO = Date.UTC(2025, 2, 1);
const HISTORY_BARS = 100;
const RATE_8H = 0.0001;
const TF = 15 * 60_000;

/** What must be identical: sides, entry and exit bars, why it closed. */
const tradeKey = (t: TradeRecord) => [t.side, t.entryTime, t.exitTime, t.exitReason].join(' ');

describe('nmrbot live session on the exchange double (real NMRUSDT 15m, February 2025, manual replay)', () => {
  let t: TempStore;
  let bars: CandleSeries;
  let double: ExchangeDouble;
  let backtest: BacktestResult;
  const config = defaultConfig();
  const spec = () => {
    const s = specFromConfig(
      config,
      { risk: true, days: '30', seed: '1', download: false },
      { exchange: 'binanceusdm', symbol: NMR, from: FROM, to: TO },
    );
    // No volume cap: on the double the rest of a capped market order fills when the next bar opens,
    // before the kernel could re-check it at that open as the backtest does (see docs/live.md).
    return {
      ...s,
      maxBarVolumeFraction: 1,
      fundingFallback: { ...s.fundingFallback, constantRate8h: RATE_8H },
    };
  };

  beforeAll(async () => {
    t = tempStore();
    importFiles(t.store, [NMR_15M_FILE], { exchange: 'binanceusdm' });
    bars = loadBars(t.store, spec()).bars;
    backtest = runBacktest(t.store, { ...spec(), strategy: await loadStrategy('nmr-playbook', { config }) });
  });
  afterAll(async () => {
    await double?.close();
    t.cleanup();
  });

  it('enters, keeps a reduce-only stop on the exchange while in a position, matches the double, and makes the backtest trades', async () => {
    const s = spec();
    double = await startExchangeDouble({
      series: bars,
      startIndex: HISTORY_BARS,
      funding: { rate: RATE_8H, intervalHours: 8 },
      slippage: s.slippage,
      maxBarVolumeFraction: s.maxBarVolumeFraction,
      initialBalance: s.initialBalance,
      credentials: { apiKey: DOUBLE_KEY, secret: DOUBLE_SECRET },
      log: () => {},
    });
    const tradeFrom = bars.openTime[HISTORY_BARS] as number as EpochMs;
    const wired = await liveSessionOnDouble(double, {
      strategy: await loadStrategy('nmr-playbook', { config }),
      start: FROM as EpochMs,
      tradeFrom,
      leverage: s.leverage,
      risk: s.risk,
      stopLossPct: config.risk.stopLossPct,
    });
    const { session } = wired;
    const abort = new AbortController();
    let checks = 0;
    let inPosition = 0;
    const mismatches: string[] = [];
    // Each poll: the session has stepped every closed bar and is quiet. Compare, then one more bar.
    const sleep = async (): Promise<void> => {
      await session.sync(); // a fill the user-data stream brought in after the bar: its stop goes out now
      const st = double.state();
      const ours = session.portfolio.position(NMR)?.quantity ?? 0;
      checks++;
      if (Math.abs(ours - st.position) > 1e-9)
        mismatches.push(`bar ${st.formingIndex}: ${ours} vs ${st.position}`);
      if (st.position !== 0) {
        inPosition++;
        // Protection: the reduce-only stop, or what a stop that triggered became (a reduce-only market
        // order whose rest the volume cap holds to the next bar).
        const ex = wired.venue.exchange;
        const open = [
          ...(await ex.fetchOpenOrders(NMR, undefined, undefined, { trigger: true })),
          ...(await ex.fetchOpenOrders(NMR)),
        ];
        const closing = open.filter(
          (o) => o.reduceOnly === true && o.side === (st.position > 0 ? 'sell' : 'buy'),
        );
        const covered = closing.reduce((sum, o) => sum + (o.amount ?? 0) - (o.filled ?? 0), 0);
        if (covered < Math.abs(st.position) - 0.05)
          mismatches.push(`bar ${st.formingIndex}: reduce-only orders cover ${covered} of ${st.position}`);
      } else if (st.openAlgoOrders !== 0)
        mismatches.push(`bar ${st.formingIndex}: flat with ${st.openAlgoOrders} stops`);
      if (st.ended || double.advance(1) === 0) abort.abort();
    };
    await session.run(
      ccxtMarketEvents(wired.venue.exchange, {
        symbol: NMR,
        timeframe: '15m',
        since: FROM as EpochMs,
        pollMs: 0,
        signal: abort.signal,
        sleep,
      }),
      abort.signal,
    );
    await wired.close();

    expect(session.manager.orders().filter((o) => o.lifecycle === 'rejected')).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(checks).toBeGreaterThan(2000);
    expect(inPosition).toBeGreaterThan(100);
    expect(wired.recorded).toEqual([]); // a fresh account: nothing to reconcile at start

    const lastClose = (session.lastClose ?? 0) - TF;
    const live = session.kernel.trades.closed.filter((x) => x.exitTime < lastClose);
    const bt = backtest.trades.filter((x) => x.entryTime >= tradeFrom && x.exitTime < lastClose);
    expect(backtest.trades.filter((x) => x.entryTime < tradeFrom)).toEqual([]);
    expect(bt.length).toBeGreaterThan(3);
    expect(live.map(tradeKey)).toEqual(bt.map(tradeKey));
    // Sizes: live sizes at the close it decided on (the next open is unknown then); the backtest at the
    // next open. Prices: the same fill model, on a quantity that differs by that much.
    live.forEach((x, i) => {
      const b = bt[i] as TradeRecord;
      expect(Math.abs(x.quantity - b.quantity)).toBeLessThanOrEqual(b.quantity * 0.001);
      expect(Math.abs(x.entryPrice - b.entryPrice)).toBeLessThan(b.entryPrice * 1e-4);
      expect(Math.abs(x.exitPrice - b.exitPrice)).toBeLessThan(b.exitPrice * 1e-4);
    });
  }, 180_000);
});
