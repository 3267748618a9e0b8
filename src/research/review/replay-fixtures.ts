import { type EpochMs, HOUR_MS } from '../../core/index.js';
import { runBacktest, type BacktestResult } from '../../backtest/index.js';
import { EXCHANGE, SYMBOL, exactSpec } from '../../backtest/test-helpers.js';
import { defaultConfig, type NmrbotConfig } from '../../config/index.js';
import { CandleSeriesBuilder, type MarketStore, SynthRandom } from '../../data/index.js';
import type { KernelObserver } from '../../kernel/index.js';
import type { DataEvent } from '../../strategy/index.js';
import { createStrategy } from '../../strategy/playbook/nmr-playbook.js';
import { WeightReplay, type WeightReplayOptions } from './weight-replay.js';

/** Monday 2025-01-06 00:00 UTC: the first bar of the planted market opens here. */
export const PLANTED_T0 = Date.UTC(2025, 0, 6);

export interface PlantedMarket {
  /** Hourly closes, bar i closing at PLANTED_T0 + (i + 1) h. */
  readonly closes: readonly number[];
  /** The planted sentiment, one datum per bar close. */
  readonly sentiment: readonly DataEvent[];
}

/**
 * SYNTHETIC market with a planted sentiment signal, for the review-replay tests only. Hourly bars of
 * a seeded random walk (0.5% a bar, so the price signals are noise), stored as a synthetic series,
 * and a sentiment score known at each bar close that foretells the next 6 h:
 * clamp(40 x (close(i + 6) / close(i) - 1)), no noise. No network data.
 */
export function storePlantedMarket(store: MarketStore, days: number, seed: number): PlantedMarket {
  const random = new SynthRandom(seed);
  const hours = days * 24;
  const closes: number[] = [];
  const b = new CandleSeriesBuilder('1h');
  let close = 10;
  for (let i = 0; i < hours; i++) {
    const open = close;
    close *= Math.exp(0.005 * random.normal());
    closes.push(close);
    b.push(PLANTED_T0 + i * HOUR_MS, open, Math.max(open, close), Math.min(open, close), close, 1e6);
  }
  store.upsertCandles({ exchange: EXCHANGE, symbol: SYMBOL, kind: 'candles', timeframe: '1h' }, b.build(), {
    synthetic: true,
    source: 'SYNTHETIC planted-sentiment random walk (review replay tests)',
  });
  const sentiment: DataEvent[] = [];
  for (let i = 0; i + 6 < hours; i++) {
    const now = closes[i] ?? 1;
    const later = closes[i + 6] ?? now;
    const availableAt = (PLANTED_T0 + (i + 1) * HOUR_MS) as EpochMs;
    sentiment.push({
      source: 'sentiment',
      key: 'sentiment_score',
      eventTime: availableAt,
      availableAt,
      value: Math.max(-1, Math.min(1, 40 * (later / now - 1))),
      payload: { synthetic: true },
    });
  }
  return { closes, sentiment };
}

/** Review settings of the replay tests (the config's, with minSamples from the caller). */
export function replayOptions(
  config: NmrbotConfig,
  overrides: Partial<WeightReplayOptions> = {},
): WeightReplayOptions {
  const r = config.journal.review;
  return {
    intervalDays: r.intervalDays,
    horizonHours: r.horizonHours,
    settings: { shrinkage: r.shrinkage, maxStep: r.maxWeightStep, minSamples: r.minSamples },
    defaults: defaultConfig().signals.weights,
    initial: config.signals.weights,
    apply: true,
    ...overrides,
  };
}

/**
 * nmr-playbook (params.config = `config`, params.weights = the replay's weights) over the stored
 * planted market, bars opening before `to`, with the review replayed when `replay` is given. No
 * risk engine, no slippage, no funding: only the weights differ between runs.
 */
export function runPlanted(
  store: MarketStore,
  market: PlantedMarket,
  config: NmrbotConfig,
  to: number,
  replay?: WeightReplay,
  observer?: KernelObserver,
): BacktestResult {
  const strategy = createStrategy({ config, ...(replay ? { weights: replay.weights.read } : {}) });
  return runBacktest(store, {
    ...exactSpec({ timeframe: '1h', initialBalance: 10_000, to }),
    strategy,
    data: market.sentiment,
    ...(replay ? { reviewer: replay } : {}),
    ...(observer ? { observer } : {}),
  });
}
