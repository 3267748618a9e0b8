import { type EpochMs, InputError, type Timeframe, sourceTimeframes, timeframeMs } from '../../core/index.js';
import { type FundingFallback, planFunding } from '../../backtest/index.js';
import { type CandleSeries, type MarketStore, resample } from '../../data/index.js';
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

/** As the backtest's loader: the timeframe itself, else the coarsest finer series, resampled. */
function loadBars(store: MarketStore, spec: StoredStreamSpec): { bars: CandleSeries; synthetic: boolean } {
  const range = { from: spec.from, to: spec.to };
  for (const tf of sourceTimeframes(spec.timeframe).reverse()) {
    const key = { exchange: spec.exchange, symbol: spec.symbol, kind: 'candles' as const, timeframe: tf };
    const info = store.findSeries(key);
    if (!info) continue;
    const series = store.loadCandles(key, range);
    if (series.length === 0) continue;
    const bars =
      tf === spec.timeframe ? series : resample(series, spec.timeframe, { requireFull: true }).series;
    return { bars, synthetic: info.synthetic };
  }
  const key = {
    exchange: spec.exchange,
    symbol: spec.symbol,
    kind: 'candles' as const,
    timeframe: spec.timeframe,
  };
  return { bars: store.loadCandles(key, range), synthetic: false };
}

function loadSpot(
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
