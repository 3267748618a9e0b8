import { type EpochMs, InputError } from '../core/index.js';
import type { CandleSeries, FundingEvent, MarketStore } from '../data/index.js';
import {
  type BacktestResult,
  type BacktestSpec,
  BarLoop,
  loadBars,
  loadSpot,
  planFunding,
} from '../backtest/index.js';
import type { DataEvent, Strategy } from '../strategy/index.js';

/**
 * The market of an optimisation, read from the store once: the bars of the whole span, the stored
 * funding settlements and spot candles. Every trial runs on slices of it, so no trial reads the store.
 */
export interface MarketData {
  readonly bars: CandleSeries;
  readonly synthetic: boolean;
  readonly funding: readonly FundingEvent[];
  readonly spot: CandleSeries | undefined;
  readonly data: readonly DataEvent[];
}

/** A half-open span of bar open times, epoch ms: [from, to). */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** Loads what every trial needs, once. */
export function loadMarketData(
  store: MarketStore,
  spec: BacktestSpec,
  data: readonly DataEvent[] = [],
): MarketData {
  const { bars, synthetic } = loadBars(store, spec);
  if (bars.length === 0) {
    throw new InputError(
      `no ${spec.timeframe} (or finer) candles stored for ${spec.exchange} ${spec.symbol} in the requested span`,
    );
  }
  const first = bars.openTime[0] as number;
  const lastClose = (bars.openTime[bars.length - 1] as number) + bars.timeframeMs;
  const fundingKey = { exchange: spec.exchange, symbol: spec.symbol, kind: 'funding' as const };
  const fundingSynthetic = store.findSeries(fundingKey)?.synthetic ?? false;
  return {
    bars,
    synthetic: synthetic || fundingSynthetic,
    funding: store.loadFundingEvents(fundingKey, { from: first, to: lastClose + 1 }),
    spot: spec.spot ? loadSpot(store, spec.spot, first, lastClose) : undefined,
    data,
  };
}

/**
 * One backtest over `window` of the loaded market: the same steps as `runBacktest`, on in-memory
 * slices, so its result equals `runBacktest(store, { ...spec, from, to })`.
 */
export function runOnMarket(
  market: MarketData,
  spec: BacktestSpec,
  strategy: Strategy,
  window: TimeWindow,
): BacktestResult {
  const bars = market.bars.range(window.from, window.to);
  if (bars.length === 0)
    throw new InputError(
      `no bars in the window [${new Date(window.from).toISOString()}, ${new Date(window.to).toISOString()})`,
    );
  const first = bars.openTime[0] as number;
  const lastClose = (bars.openTime[bars.length - 1] as number) + bars.timeframeMs;
  const plan = planFunding({
    symbol: spec.symbol,
    from: first,
    to: lastClose + 1,
    real: market.funding.filter((e) => e.time >= first && e.time < lastClose + 1),
    perp: bars,
    spot: market.spot?.range(first, lastClose),
    fallback: spec.fundingFallback,
  });
  const loop = new BarLoop({
    symbol: spec.symbol,
    timeframe: bars.timeframe,
    start: first as EpochMs,
    strategy,
    instrument: spec.instrument,
    initialBalance: spec.initialBalance,
    leverage: spec.leverage,
    slippage: spec.slippage,
    maxBarVolumeFraction: spec.maxBarVolumeFraction,
    risk: spec.risk,
    blackouts: spec.blackouts,
    expectedBars: bars.length,
  });
  loop.addFunding(plan.events);
  loop.addData(market.data);
  loop.start();
  for (let i = 0; i < bars.length; i++) loop.step(bars.view(i));
  loop.finish(lastClose as EpochMs);
  return loop.result({
    spec: { ...spec, from: window.from, to: window.to },
    synthetic: market.synthetic,
    firstBarOpen: first,
    fundingCoverage: plan.coverage,
  });
}
