import { type EpochMs, InputError, type Timeframe, timeframeMs } from '../../core/index.js';
import { type FundingFallback, loadBars, loadSpot, planFunding } from '../../backtest/index.js';
import type { MarketStore } from '../../data/index.js';
import type { BarEvent, DataEvent } from '../../strategy/index.js';
import { mergeEvents } from './event-stream.js';
import type { EventStream } from './lookahead.types.js';

export interface StoredStreamSpec {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly fundingFallback: FundingFallback;
  readonly spot?: { readonly exchange: string; readonly symbol: string } | undefined;
}

/**
 * The events a backtest of `spec` would deliver to its strategy: the bars (the stored timeframe, else
 * the coarsest finer stored series resampled, as the backtest loads them), the funding plan (real
 * settlements, else premium estimates, else the constant fallback) and `data` (the replayed feeds).
 * @throws InputError when no candles are stored for the span
 */
export function storedEventStream(
  store: MarketStore,
  spec: StoredStreamSpec,
  data: readonly DataEvent[],
): { stream: EventStream; synthetic: boolean } {
  const { bars: series, synthetic } = loadBars(store, spec);
  if (series.length === 0)
    throw new InputError(
      `no ${spec.timeframe} (or finer) candles stored for ${spec.exchange} ${spec.symbol} in the requested span; ` +
        'run `nmrbot data download` or `nmrbot data import <files>` first',
    );
  const barMs = timeframeMs(spec.timeframe);
  const bars: BarEvent[] = [];
  for (let i = 0; i < series.length; i++) {
    const candle = series.at(i);
    bars.push({
      symbol: spec.symbol,
      timeframe: spec.timeframe,
      candle,
      closeTime: (candle.openTime + barMs) as EpochMs,
    });
  }
  const first = series.openTime[0] ?? 0;
  const lastClose = (series.openTime[series.length - 1] ?? 0) + barMs;
  const fundingKey = { exchange: spec.exchange, symbol: spec.symbol, kind: 'funding' as const };
  const plan = planFunding({
    symbol: spec.symbol,
    from: first,
    to: lastClose + 1,
    real: store.loadFundingEvents(fundingKey, { from: first, to: lastClose + 1 }),
    perp: series,
    spot: spec.spot ? loadSpot(store, spec.spot, first, lastClose) : undefined,
    fallback: spec.fundingFallback,
  });
  const fundingSynthetic = store.findSeries(fundingKey)?.synthetic ?? false;
  const inSpan = data.filter((d) => d.availableAt <= lastClose);
  return {
    stream: mergeEvents({ barMs, bars, funding: plan.events, data: inSpan }),
    synthetic: synthetic || fundingSynthetic,
  };
}
