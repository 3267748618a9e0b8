import { type BacktestResult, runBacktest } from '../backtest/index.js';
import { EXCHANGE, SYMBOL, T0, exactSpec, storeFunding, storeHourlyBars } from '../backtest/test-helpers.js';
import { defaultConfig } from '../config/index.js';
import { type EpochMs, SimClock } from '../core/index.js';
import type { MarketStore } from '../data/index.js';
import { WAVE_FUNDING, flipStrategy, waveBars } from '../report/test-fixtures.js';
import { JournalWriter } from './journal-writer.js';
import type { JournalBatch, RunMeta, TradeStore } from './journal.types.js';

/** Start and finish time of the fixture runs: a fixed clock, so two stores get identical run rows. */
export const FIXTURE_CLOCK_AT = (T0 + 100 * 3_600_000) as EpochMs;

export const FIXTURE_META: RunMeta = {
  kind: 'backtest',
  strategy: 'flipper',
  exchange: EXCHANGE,
  symbol: SYMBOL,
  timeframe: '1h',
  config: { note: 'synthetic wave bars for journal tests' },
  synthetic: true,
  deterministic: true,
};

/** Stores the fixture's market: 48 hourly synthetic wave bars from T0 and five funding settlements. */
export function storeFixtureMarket(market: MarketStore): void {
  storeHourlyBars(market, waveBars(48));
  storeFunding(market, WAVE_FUNDING);
}

/**
 * Journals the flip strategy over the synthetic wave bars (with the default risk config, so the
 * kernel's venue-minimum refusal is journaled too) into `journal`; small batches exercise ordering.
 */
export async function journalFixtureBacktest(
  market: MarketStore,
  journal: TradeStore,
): Promise<{ runId: string; result: BacktestResult }> {
  const writer = new JournalWriter(journal, { batchSize: 7, clock: new SimClock(FIXTURE_CLOCK_AT) });
  const runId = await writer.startRun(FIXTURE_META);
  const result = runBacktest(market, {
    ...exactSpec({ risk: defaultConfig().risk }),
    strategy: flipStrategy(),
    observer: writer,
  });
  await writer.finishRun(result);
  return { runId, result };
}

/** An empty batch body, to spread hand-written rows over. */
export function emptyBatch(runId: string): JournalBatch {
  return {
    runId,
    orders: [],
    fills: [],
    trades: [],
    decisions: [],
    riskDecisions: [],
    funding: [],
    liquidations: [],
    equity: [],
    logs: [],
  };
}
