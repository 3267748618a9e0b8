/**
 * Runs the full-engine backtest (ema-cross, 1m bars) in its own process so peak RSS is the engine's:
 * once cold (the first run pays for JIT compilation), then `RUNS` more times warm. Prints one JSON
 * line: bars, cold seconds, the warm runs' median and sorted seconds, peak RSS in MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_FUNDING_FALLBACK, runBacktest } from '../src/backtest/index.js';
import { defaultConfig } from '../src/config/index.js';
import { MarketStore } from '../src/data/index.js';
import { DEFAULT_SLIPPAGE } from '../src/execution/index.js';
import { loadStrategy } from '../src/strategy/index.js';
import { FARUK_1M, joinEndToEnd, readRealCandles } from './real-nmr.js';

const MIN_BARS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-engine-'));
const store = MarketStore.open(path.join(dir, 'engine.db'));
try {
  const key = {
    exchange: 'bench-joined-real',
    symbol: 'NMR/USDT:USDT',
    kind: 'candles' as const,
    timeframe: '1m' as const,
  };
  // In a function so the joined series is garbage once stored: only the engine's memory stays live.
  const storeJoinedBars = (): void => {
    const bars = joinEndToEnd(readRealCandles(FARUK_1M, { quoteVolume: true }), MIN_BARS);
    store.upsertCandles(key, bars, { source: 'real NMR 1m bars joined end to end (benchmark)' });
  };
  storeJoinedBars();
  const config = defaultConfig();
  const runOnce = async (): Promise<{ seconds: number; bars: number; trades: number }> => {
    const strategy = await loadStrategy('ema-cross');
    const t0 = performance.now();
    const result = runBacktest(store, {
      exchange: key.exchange,
      symbol: key.symbol,
      timeframe: '1m',
      initialBalance: 10_000,
      leverage: 1,
      instrument: {
        symbol: key.symbol,
        ...config.perp.instrument,
        makerFee: config.fees.maker,
        takerFee: config.fees.taker,
        marginTiers: config.perp.tiers,
        liquidationFeeRate: config.perp.liquidationFeeRate,
      },
      slippage: DEFAULT_SLIPPAGE,
      maxBarVolumeFraction: config.execution.maxBarVolumeFraction,
      fundingFallback: DEFAULT_FUNDING_FALLBACK,
      strategy,
    });
    return {
      seconds: (performance.now() - t0) / 1000,
      bars: result.counts.bars,
      trades: result.metrics.trades,
    };
  };
  const cold = await runOnce();
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) warm.push((await runOnce()).seconds);
  warm.sort((x, y) => x - y);
  const median = warm[Math.floor(warm.length / 2)] as number;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ bars: cold.bars, coldSeconds: cold.seconds, medianSeconds: median, warmSeconds: warm, rssMb, trades: cold.trades })}\n`,
  );
} finally {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
