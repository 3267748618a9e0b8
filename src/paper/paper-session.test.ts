import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BacktestResult, loadBars, planFunding, runBacktest } from '../backtest/index.js';
import { type TempStore, tempStore } from '../backtest/test-helpers.js';
import { specFromConfig } from '../cli/backtest/backtest-spec.js';
import { defaultConfig } from '../config/index.js';
import type { EpochMs } from '../core/index.js';
import { type CandleSeries, importFiles } from '../data/index.js';
import type { TradeRecord } from '../kernel/index.js';
import { loadStrategy } from '../strategy/index.js';
import type { MarketEvent } from './market-event.types.js';
import { PaperSession } from './paper-session.js';

const FILE = path.resolve(
  import.meta.dirname,
  '../../../shared/data/nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);
const EXCHANGE = 'binanceusdm';
const SYMBOL = 'NMR/USDT:USDT';
const FROM = Date.UTC(2025, 1, 1);
const TO = Date.UTC(2025, 3, 1);

/** Bars one at a time, each funding settlement handed over just before the first bar that opens after it. */
async function* liveFeed(bars: CandleSeries, funding: ReturnType<typeof planFunding>['events']) {
  let f = 0;
  for (let i = 0; i < bars.length; i++) {
    const candle = bars.at(i);
    const due: typeof funding = [];
    while (f < funding.length && (funding[f]?.time ?? Infinity) <= candle.openTime + bars.timeframeMs) {
      due.push(funding[f++] as (typeof funding)[number]);
    }
    if (due.length > 0) yield { kind: 'funding', events: due } satisfies MarketEvent;
    await Promise.resolve(); // a real feed yields to the event loop between bars
    yield { kind: 'bar', candle } satisfies MarketEvent;
  }
}

const tradeKey = (t: TradeRecord) =>
  [t.side, t.entryTime, t.exitTime, t.entryPrice, t.exitPrice, t.quantity, t.netPnl, t.exitReason].join(' ');

describe('PaperSession: the backtest loop fed one bar at a time (real NMRUSDT 15m, Feb-Mar 2025)', () => {
  let t: TempStore;
  let backtest: BacktestResult;
  let bars: CandleSeries;
  let funding: ReturnType<typeof planFunding>['events'];
  const config = defaultConfig();
  const spec = () =>
    specFromConfig(
      config,
      { risk: true, days: '90', seed: '1', download: false },
      { exchange: EXCHANGE, symbol: SYMBOL, from: FROM, to: TO },
    );

  beforeAll(async () => {
    t = tempStore();
    importFiles(t.store, [FILE], { exchange: EXCHANGE });
    backtest = runBacktest(t.store, {
      ...spec(),
      strategy: await loadStrategy('nmr-playbook', { config }),
    });
    bars = loadBars(t.store, spec()).bars;
    const last = (bars.openTime[bars.length - 1] as number) + bars.timeframeMs;
    funding = planFunding({
      symbol: SYMBOL,
      from: FROM,
      to: last + 1,
      real: [],
      perp: bars,
      fallback: spec().fundingFallback,
    }).events;
  });
  afterAll(() => t.cleanup());

  const session = async (tradeFrom: number) => {
    const s = spec();
    return new PaperSession({
      ...s,
      risk: s.risk,
      start: FROM as EpochMs,
      strategy: await loadStrategy('nmr-playbook', { config }),
      expectedBars: bars.length,
      tradeFrom: tradeFrom as EpochMs,
    });
  };

  it('makes exactly the trades of the backtest over the same bars and settlements', async () => {
    const paper = await session(FROM);
    const stepped = await paper.run(liveFeed(bars, funding));
    paper.stop();
    expect(stepped).toBe(bars.length);
    expect(backtest.trades.length).toBeGreaterThan(5);
    expect(paper.loop.kernel.trades.closed.map(tradeKey)).toEqual(backtest.trades.map(tradeKey));
    const curve = (r: { equity: BacktestResult['equity'] }) => Array.from(r.equity.column('equity'));
    expect(curve({ equity: paper.loop.kernel.equity })).toEqual(curve(backtest));
  });

  it('warms up on the bars before tradeFrom without trading: equity stays at the starting balance', async () => {
    const tradeFrom = Date.UTC(2025, 2, 1);
    const paper = await session(tradeFrom);
    await paper.run(liveFeed(bars, funding));
    paper.stop();
    const trades = paper.loop.kernel.trades.closed;
    expect(trades.length).toBeGreaterThan(0);
    expect(Math.min(...trades.map((x) => x.entryTime))).toBeGreaterThan(tradeFrom);
    const equity = paper.loop.kernel.equity;
    const times = equity.column('time');
    const values = equity.column('equity');
    for (let i = 0; i < equity.length && (times[i] as number) <= tradeFrom; i++) {
      expect(values[i], 'no fill, fee or funding while warming up').toBe(config.backtest.initialBalance);
    }
  });
});
