import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BacktestResult, loadBars, runBacktest } from '../backtest/index.js';
import { type TempStore, tempStore } from '../backtest/test-helpers.js';
import { specFromConfig } from '../cli/backtest/backtest-spec.js';
import { defaultConfig } from '../config/index.js';
import { type EpochMs, WallClock } from '../core/index.js';
import { type Candle, type CandleSeries, importFiles } from '../data/index.js';
import { type ExchangeDouble, startExchangeDouble } from '../exchange-double/index.js';
import type { TradeRecord } from '../kernel/index.js';
import { connectCcxt } from '../live/index.js';
import type { FundingRateEvent } from '../strategy/index.js';
import { loadStrategy } from '../strategy/index.js';
import { ccxtMarketEvents } from './ccxt-market-feed.js';
import type { MarketEvent } from './market-event.types.js';
import { PaperSession } from './paper-session.js';

const FILE = path.resolve(
  import.meta.dirname,
  '../../../shared/data/nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);
const SYMBOL = 'NMR/USDT:USDT';
const FROM = Date.UTC(2025, 1, 1);
const TO = Date.UTC(2025, 3, 1);
const HISTORY_BARS = 100;
const BARS_PER_POLL = 23;
const RATE_8H = 0.0001;

/** Everything but funding: the double marks a settlement at its own price, the backtest at the last close. */
const tradeKey = (t: TradeRecord) =>
  [
    t.side,
    t.entryTime,
    t.exitTime,
    t.entryPrice,
    t.exitPrice,
    t.quantity,
    t.grossPnl,
    t.fees,
    t.exitReason,
  ].join(' ');

describe('paper trading through the real ccxt binanceusdm client on the exchange double (real NMRUSDT 15m, Feb-Mar 2025)', () => {
  let t: TempStore;
  let bars: CandleSeries;
  let double: ExchangeDouble;
  let backtest: BacktestResult;
  const config = defaultConfig();
  const spec = () => {
    const s = specFromConfig(
      config,
      { risk: true, days: '90', seed: '1', download: false },
      { exchange: 'binanceusdm', symbol: SYMBOL, from: FROM, to: TO },
    );
    return { ...s, fundingFallback: { ...s.fundingFallback, constantRate8h: RATE_8H } };
  };

  beforeAll(async () => {
    t = tempStore();
    importFiles(t.store, [FILE], { exchange: 'binanceusdm' });
    bars = loadBars(t.store, spec()).bars;
    backtest = runBacktest(t.store, { ...spec(), strategy: await loadStrategy('nmr-playbook', { config }) });
  });
  afterAll(async () => {
    await double?.close();
    t.cleanup();
  });

  it('hands over every closed bar once, in order, never the forming one, and trades as the backtest does', async () => {
    double = await startExchangeDouble({
      series: bars,
      startIndex: HISTORY_BARS,
      funding: { rate: RATE_8H, intervalHours: 8 },
      log: () => {},
    });
    const { exchange } = await connectCcxt({
      exchangeId: 'binanceusdm',
      clock: new WallClock(),
      baseUrl: double.url,
    });
    exchange.enableRateLimit = false; // the local double has no limits; ccxt's throttle would take minutes
    const abort = new AbortController();
    const delivered: Candle[] = [];
    const settlements: FundingRateEvent[] = [];
    let formingWhenDelivered: number[] = [];
    // Manual replay: every poll's pause moves the double on by a few bars; the end stops the feed.
    const sleep = (): Promise<void> => {
      if (double.state().ended || double.advance(BARS_PER_POLL) === 0) abort.abort();
      return Promise.resolve();
    };
    const feed = ccxtMarketEvents(exchange, {
      symbol: SYMBOL,
      timeframe: '15m',
      since: FROM as EpochMs,
      pollMs: 0,
      signal: abort.signal,
      sleep,
    });
    async function* watched(): AsyncGenerator<MarketEvent> {
      for await (const e of feed) {
        if (e.kind === 'bar') {
          delivered.push(e.candle);
          formingWhenDelivered = [...formingWhenDelivered, double.state().formingIndex];
        } else if (e.kind === 'funding') settlements.push(...e.events);
        yield e;
      }
    }
    const paper = new PaperSession({
      ...spec(),
      start: FROM as EpochMs,
      timeframe: '15m',
      strategy: await loadStrategy('nmr-playbook', { config }),
      tradeFrom: FROM as EpochMs,
    });
    await paper.run(watched(), abort.signal);
    paper.stop();
    await exchange.close();

    const forming = double.state().formingIndex;
    expect(delivered.map((c) => c.openTime)).toEqual(Array.from(bars.openTime).slice(0, forming));
    expect(delivered).toEqual(Array.from({ length: forming }, (_, i) => bars.at(i)));
    delivered.forEach((_, i) => expect(i).toBeLessThan(formingWhenDelivered[i] as number));
    expect(settlements.length).toBeGreaterThan(150);
    expect(settlements.every((s) => s.rate8h === RATE_8H && s.source === 'real')).toBe(true);

    const lastClose = (bars.openTime[forming - 1] as number) + bars.timeframeMs;
    const sameSpan = backtest.trades.filter((x) => x.exitTime < lastClose - bars.timeframeMs);
    const paperTrades = paper.loop.kernel.trades.closed.filter(
      (x) => x.exitTime < lastClose - bars.timeframeMs,
    );
    expect(sameSpan.length).toBeGreaterThan(5);
    expect(paperTrades.map(tradeKey)).toEqual(sameSpan.map(tradeKey));
    // Same settlements at the same rate; only the mark differs (by well under 1% of the payment).
    paperTrades.forEach((p, i) => {
      const b = sameSpan[i] as TradeRecord;
      expect(Math.sign(p.funding)).toBe(Math.sign(b.funding));
      expect(Math.abs(p.funding - b.funding)).toBeLessThan(Math.abs(b.funding) * 0.01 + 1e-9);
    });
  }, 120_000);
});
