import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EpochMs, InstrumentSpec } from '../core/index.js';
import { CandleSeriesBuilder, type FundingEvent, MarketStore } from '../data/index.js';
import { DEFAULT_SLIPPAGE } from '../execution/index.js';
import type { BacktestSpec } from './backtest.types.js';
import { DEFAULT_FUNDING_FALLBACK } from './funding-sources.js';

export const SYMBOL = 'NMR/USDT:USDT';
export const EXCHANGE = 'testex';
export const H = 3_600_000;
export const T0 = Date.UTC(2025, 0, 6, 0); // a Monday, 00:00 UTC

export const NMR_TIERS = [
  { notionalFloor: 0, notionalCap: 5_000, maxLeverage: 20, mmr: 0.02, cum: 0 },
  { notionalFloor: 5_000, notionalCap: 25_000, maxLeverage: 15, mmr: 0.025, cum: 25 },
  { notionalFloor: 25_000, notionalCap: 200_000, maxLeverage: 10, mmr: 0.05, cum: 650 },
];

export const INSTRUMENT: InstrumentSpec = {
  symbol: SYMBOL,
  tickSize: 0.001,
  stepSize: 0.1,
  minQuantity: 0.1,
  minNotional: 5,
  makerFee: 0.0002,
  takerFee: 0.0005,
  marginTiers: NMR_TIERS,
  liquidationFeeRate: 0.015,
};

/** A spec with slippage off, no volume cap and zero funding fallback: fills are exactly checkable. */
export function exactSpec(overrides: Partial<BacktestSpec> = {}): BacktestSpec {
  return {
    exchange: EXCHANGE,
    symbol: SYMBOL,
    timeframe: '1h',
    initialBalance: 1000,
    leverage: 1,
    instrument: INSTRUMENT,
    slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
    maxBarVolumeFraction: 1,
    fundingFallback: { ...DEFAULT_FUNDING_FALLBACK, constantRate8h: 0 },
    ...overrides,
  };
}

export interface TempStore {
  readonly store: MarketStore;
  cleanup(): void;
}

export function tempStore(): TempStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-bt-'));
  const store = MarketStore.open(path.join(dir, 'bt.db'));
  return {
    store,
    cleanup: () => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stores hand-made hourly bars (labelled synthetic) given as [open, high, low, close] from T0. */
export function storeHourlyBars(
  store: MarketStore,
  bars: readonly (readonly number[])[],
  volume = 1e6,
): void {
  const b = new CandleSeriesBuilder('1h');
  bars.forEach(([o, h, l, c], i) => b.push(T0 + i * H, o ?? NaN, h ?? NaN, l ?? NaN, c ?? NaN, volume));
  store.upsertCandles({ exchange: EXCHANGE, symbol: SYMBOL, kind: 'candles', timeframe: '1h' }, b.build(), {
    synthetic: true,
    source: 'hand-made test bars',
  });
}

export function storeFunding(
  store: MarketStore,
  events: readonly [hoursAfterT0: number, rate: number][],
): void {
  const list: FundingEvent[] = events.map(([h, rate]) => ({ time: (T0 + h * H) as EpochMs, rate }));
  store.upsertFunding({ exchange: EXCHANGE, symbol: SYMBOL, kind: 'funding' }, list, { synthetic: true });
}

/** Flat bars at one price. */
export function flatBars(price: number, count: number): number[][] {
  return Array.from({ length: count }, () => [price, price, price, price]);
}
