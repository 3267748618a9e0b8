import { type EpochMs, InputError, sourceTimeframes } from '../core/index.js';
import type { CandleSeries, MarketStore } from '../data/index.js';
import { resample } from '../data/index.js';
import type { BacktestInput, BacktestResult, BacktestSpec } from './backtest.types.js';
import { BarLoop } from './bar-loop.js';
import { planFunding } from './funding-sources.js';

const PROGRESS_EVERY = 1 << 15;

/**
 * Runs one backtest over stored data: the kernel with a simulated clock and the simulated venue.
 * Deterministic: the same store, spec and strategy give the same result.
 */
export function runBacktest(store: MarketStore, input: BacktestInput): BacktestResult {
  const { exchange, symbol, timeframe } = input;
  const { bars, synthetic } = loadBars(store, input);
  if (bars.length === 0) {
    throw new InputError(
      `no ${timeframe} (or finer) candles stored for ${exchange} ${symbol} in the requested span; ` +
        'run `nmrbot data download` or `nmrbot data import <files>` first',
    );
  }
  const first = bars.openTime[0] as number;
  const lastClose = (bars.openTime[bars.length - 1] as number) + bars.timeframeMs;
  const fundingKey = { exchange, symbol, kind: 'funding' as const };
  const fundingInfo = store.findSeries(fundingKey);
  const spot = input.spot ? loadSpot(store, input.spot, first, lastClose) : undefined;
  const plan = planFunding({
    symbol,
    from: first,
    to: lastClose + 1,
    real: store.loadFundingEvents(fundingKey, { from: first, to: lastClose + 1 }),
    perp: bars,
    spot,
    fallback: input.fundingFallback,
  });

  const reviewer = input.reviewer;
  const loop = new BarLoop({
    symbol,
    timeframe: bars.timeframe,
    start: first as EpochMs,
    strategy: input.strategy,
    instrument: input.instrument,
    initialBalance: input.initialBalance,
    leverage: input.leverage,
    slippage: input.slippage,
    maxBarVolumeFraction: input.maxBarVolumeFraction,
    risk: input.risk,
    blackouts: input.blackouts,
    observer: input.observer,
    reviewer,
    expectedBars: bars.length,
  });
  loop.addFunding(plan.events);
  loop.addData(input.data ?? []);
  loop.start();
  const n = bars.length;
  for (let i = 0; i < n; i++) {
    loop.step(bars.view(i));
    if (input.onProgress && (i + 1) % PROGRESS_EVERY === 0) input.onProgress(i + 1, n);
  }
  loop.finish(lastClose as EpochMs);
  input.onProgress?.(n, n);

  return loop.result({
    spec: input,
    synthetic: synthetic || (fundingInfo?.synthetic ?? false),
    firstBarOpen: first,
    fundingCoverage: plan.coverage,
  });
}

/** The stored bars of the timeframe, else the coarsest finer stored series resampled to it. */
export function loadBars(
  store: MarketStore,
  input: Pick<BacktestSpec, 'exchange' | 'symbol' | 'timeframe' | 'from' | 'to'>,
): { bars: CandleSeries; synthetic: boolean } {
  const range = { from: input.from, to: input.to };
  for (const tf of sourceTimeframes(input.timeframe).reverse()) {
    const key = { exchange: input.exchange, symbol: input.symbol, kind: 'candles' as const, timeframe: tf };
    const info = store.findSeries(key);
    if (!info) continue;
    const series = store.loadCandles(key, range);
    if (series.length === 0) continue;
    const bars =
      tf === input.timeframe ? series : resample(series, input.timeframe, { requireFull: true }).series;
    return { bars, synthetic: info.synthetic };
  }
  return {
    bars: store.loadCandles({
      exchange: input.exchange,
      symbol: input.symbol,
      kind: 'candles',
      timeframe: input.timeframe,
    }),
    synthetic: false,
  };
}

/** Spot candles for the premium estimate: the finest stored of 1m, 5m, 15m, 1h. */
export function loadSpot(
  store: MarketStore,
  spot: { exchange: string; symbol: string },
  from: number,
  to: number,
): CandleSeries | undefined {
  for (const tf of ['1m', '5m', '15m', '1h'] as const) {
    const s = store.loadCandles({ ...spot, kind: 'candles', timeframe: tf }, { from, to });
    if (s.length > 0) return s;
  }
  return undefined;
}
