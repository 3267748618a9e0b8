/**
 * The engine benchmark's child process, in two steps so that the measured process holds only the
 * engine's memory (the store load and the backtest), not the building of the input:
 *
 *   engine-child.ts prepare <db> <minBars>   joins real NMR 1m bars end to end into the store file
 *   engine-child.ts run <db> <runs>          backtests ema-cross over them: once cold (the first run
 *                                            pays for JIT compilation), then <runs> more times warm
 *
 * `run` prints one JSON line: bars, cold seconds, the warm runs' median and sorted seconds, the peak
 * RSS in MB after the first backtest (the warm repeats only time the engine), trades.
 */
import { DEFAULT_FUNDING_FALLBACK, runBacktest } from '../src/backtest/index.js';
import { defaultConfig } from '../src/config/index.js';
import { MarketStore } from '../src/data/index.js';
import { DEFAULT_SLIPPAGE } from '../src/execution/index.js';
import { loadStrategy } from '../src/strategy/index.js';
import { FARUK_1M, joinEndToEnd, readRealCandles } from './real-nmr.js';

const KEY = {
  exchange: 'bench-joined-real',
  symbol: 'NMR/USDT:USDT',
  kind: 'candles' as const,
  timeframe: '1m' as const,
};

const [step, file, count] = process.argv.slice(2);
if ((step !== 'prepare' && step !== 'run') || !file) {
  throw new Error('usage: engine-child.ts prepare <db> <minBars> | run <db> <runs>');
}
const store = MarketStore.open(file);
try {
  if (step === 'prepare') {
    const bars = joinEndToEnd(readRealCandles(FARUK_1M, { quoteVolume: true }), Number(count ?? 1_000_000));
    store.upsertCandles(KEY, bars, { source: 'real NMR 1m bars joined end to end (benchmark)' });
  } else {
    await run(Number(count ?? 3));
  }
} finally {
  store.close();
}

async function run(runs: number): Promise<void> {
  const config = defaultConfig();
  const runOnce = async (): Promise<{ seconds: number; bars: number; trades: number }> => {
    const strategy = await loadStrategy('ema-cross');
    const t0 = performance.now();
    const result = runBacktest(store, {
      exchange: KEY.exchange,
      symbol: KEY.symbol,
      timeframe: '1m',
      initialBalance: 10_000,
      leverage: 1,
      instrument: {
        symbol: KEY.symbol,
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
  // Peak RSS of one backtest (store load + run); the warm repeats below are only for timing.
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push((await runOnce()).seconds);
  warm.sort((x, y) => x - y);
  const median = warm[Math.floor(warm.length / 2)] as number;
  process.stdout.write(
    `${JSON.stringify({ bars: cold.bars, coldSeconds: cold.seconds, medianSeconds: median, warmSeconds: warm, rssMb, trades: cold.trades })}\n`,
  );
}
