import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../core/index.js';
import { exactSpec } from '../../backtest/test-helpers.js';
import { defaultConfig } from '../../config/index.js';
import { type CandleSeries, parseMarketFile } from '../../data/index.js';
import { jobContextFrom, type PortableJobContext } from '../portable-context.js';
import type { MarketData, TimeWindow } from '../market-data.js';
import { optimizeOnMarket, type OptimizeOptions } from '../optimize.js';
import { parseSpace } from '../space.js';
import { LocalRunner } from './local-runner.js';
import { createThreadRunner } from './thread-runner.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const YEAR_1H = path.resolve(
  ROOT,
  '../shared/data/nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_1h_365.csv',
);

/** REAL Binance USD-M NMRUSDT 1h bars from 2024-10-23 07:00 UTC; the first `days` days. */
function realMarket(days: number): MarketData {
  const parsed = parseMarketFile(fs.readFileSync(YEAR_1H, 'utf8'), YEAR_1H, { exchange: 'binanceusdm' }).data;
  if (parsed.kind !== 'candles') throw new Error(`${YEAR_1H} holds no candles`);
  const all: CandleSeries = parsed.series;
  const from = all.openTime[0] as number;
  return {
    bars: all.range(from, from + days * 86_400_000),
    synthetic: false,
    funding: [],
    spot: undefined,
    data: [],
  };
}

const config = defaultConfig();
const portable: PortableJobContext = {
  spec: exactSpec({ risk: config.risk }),
  strategy: 'nmr-playbook',
  config,
  params: {},
  objective: 'sharpe',
  constraints: [],
};

function whole(market: MarketData): TimeWindow {
  const b = market.bars;
  return { from: b.openTime[0] as number, to: (b.openTime[b.length - 1] as number) + b.timeframeMs };
}

describe('ThreadPoolRunner (real NMRUSDT 1h bars, nmr-playbook)', () => {
  const market = realMarket(90);

  async function both(o: Omit<OptimizeOptions, 'store' | 'data' | 'runner' | 'spec' | 'strategy'>) {
    const common = { ...o, spec: portable.spec, strategy: portable.strategy, base: { config }, batch: 2 };
    const local = new LocalRunner(await jobContextFrom(portable, market));
    const expected = await optimizeOnMarket(market, { ...common, runner: local });
    const threads = await createThreadRunner({ portable, market, threads: 2 });
    try {
      const seen: number[] = [];
      const got = await optimizeOnMarket(market, {
        ...common,
        runner: threads,
        onProgress: (p) => seen.push(p.done),
      });
      return { expected, got, seen };
    } finally {
      await threads.close();
    }
  }

  it('gives exactly the report of the in-process runner for a grid (rejected trials included)', async () => {
    const { expected, got } = await both({
      space: parseSpace({
        'risk.stopLossPct': { type: 'choice', values: [0.015, 0.04] },
        'signals.weights.price': { type: 'choice', values: [0.4, 0.9] },
        'risk.timeExitHours': { type: 'choice', values: [6, 24] },
      }),
      searcher: 'grid',
      objective: 'sharpe',
      trials: 100,
    });
    const trials = got.search?.trials ?? [];
    expect(trials).toHaveLength(8);
    expect(
      trials.filter((t) => t.score === -Infinity),
      'price weight 0.9 breaks the weights',
    ).toHaveLength(4);
    expect(trials.filter((t) => (t.metrics?.trades ?? 0) > 0).length).toBeGreaterThan(0);
    expect(got).toEqual(expected);
  });

  it('gives exactly the report of the in-process runner for TPE with walk-forward', async () => {
    const { expected, got, seen } = await both({
      space: parseSpace({
        'risk.stopLossPct': { type: 'range', min: 0.01, max: 0.06 },
        'signals.entryThreshold': { type: 'range', min: 0.1, max: 0.5 },
        'risk.timeExitHours': { type: 'int', min: 2, max: 24 },
      }),
      searcher: 'tpe',
      seed: 11,
      objective: 'sharpe',
      trials: 14, // 10 random start-up points, then 4 proposed by TPE from the results
      walkForward: { mode: 'rolling', inSampleBars: 24 * 45, outOfSampleBars: 24 * 20, purgeBars: 24 },
    });
    const steps = got.walkForward?.steps ?? [];
    expect(steps).toHaveLength(2);
    expect(steps.every((s) => s.inSample.trials.length === 14)).toBe(true);
    expect(got.walkForward?.stitched.equity.length).toBeGreaterThan(0);
    expect(seen.at(-1), 'every job reported progress once').toBe(2 * 15);
    expect(got).toEqual(expected);
  });

  it('shares the market with every thread: their candle columns are views on one SharedArrayBuffer', async () => {
    const runner = await createThreadRunner({ portable, market, threads: 2 });
    try {
      const seen = await runner.inspect();
      expect(seen.map((s) => s.bars)).toEqual([market.bars.length, market.bars.length]);
      expect(seen.every((s) => s.columnsShared)).toBe(true);
      expect(
        seen.map((s) => s.columnsBytes),
        'one block of 6 columns, not a per-column copy',
      ).toEqual([6 * 8 * market.bars.length, 6 * 8 * market.bars.length]);
      expect(new Set(seen.map((s) => s.threadId)).size).toBe(2);
    } finally {
      await runner.close();
    }
  });

  it('refuses a thread count below 1 or not an integer', async () => {
    await expect(createThreadRunner({ portable, market, threads: 0 })).rejects.toThrow(
      new InputError('threads must be an integer >= 1, got 0'),
    );
    await expect(createThreadRunner({ portable, market, threads: 1.5 })).rejects.toThrow(InputError);
  });
});

describe('ThreadPoolRunner failures', () => {
  const market = realMarket(20);
  let dir: string;
  let strategyFile: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-threads-'));
    strategyFile = path.join(dir, 'fixture-strategy.mjs');
    // A strategy file that behaves as its `mode` parameter says, on the 10th bar.
    fs.writeFileSync(
      strategyFile,
      `let bars = 0;
export function createStrategy(params) {
  bars = 0;
  return {
    name: 'fixture',
    onBar() {
      if (++bars < 10) return;
      if (params.mode === 'throw') throw new Error('fixture strategy failed on purpose');
      if (params.mode === 'exit') process.exit(7);
      if (params.mode === 'oom') for (const hog = []; ; ) hog.push(new Array(1e6).fill(bars + 0.5));
    },
  };
}
`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fixture = (): PortableJobContext => ({ ...portable, strategy: strategyFile, config: undefined });

  it('rejects a run whose job throws, naming the job and its parameters, and keeps working', async () => {
    const runner = await createThreadRunner({ portable: fixture(), market, threads: 2 });
    try {
      const window = whole(market);
      const jobs = [
        { id: 4, params: { mode: 'calm' }, window },
        { id: 5, params: { mode: 'throw' }, window },
        { id: 6, params: { mode: 'calm' }, window },
      ];
      await expect(runner.run(jobs)).rejects.toThrow(
        /^job 5 \(params \{"mode":"throw"\}\) failed on worker thread \d+: .*fixture strategy failed on purpose/,
      );
      const after = await runner.run([{ id: 7, params: { mode: 'calm' }, window }]);
      expect(after.map((r) => [r.jobId, r.metrics?.trades])).toEqual([[7, 0]]);
    } finally {
      await runner.close();
    }
  });

  it('rejects pending runs when a thread dies, instead of hanging', async () => {
    const runner = await createThreadRunner({ portable: fixture(), market, threads: 2 });
    try {
      const window = whole(market);
      const jobs = [1, 2, 3, 4, 5].map((id) => ({
        id,
        params: { mode: id === 3 ? 'exit' : 'calm' },
        window,
      }));
      await expect(runner.run(jobs)).rejects.toThrow(
        /^worker thread \d+ of the optimiser stopped \(exit code 7\) while running job 3 \(params \{"mode":"exit"\}\)/,
      );
      await expect(runner.run([{ id: 9, params: { mode: 'calm' }, window }])).rejects.toThrow(/exit code 7/);
    } finally {
      await runner.close();
    }
  });

  it('rejects pending runs when a thread runs out of memory', async () => {
    const runner = await createThreadRunner({
      portable: fixture(),
      market,
      threads: 1,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    try {
      const window = whole(market);
      await expect(runner.run([{ id: 2, params: { mode: 'oom' }, window }])).rejects.toThrow(
        /^worker thread \d+ of the optimiser stopped \(exit code \d+\) while running job 2 \(params \{"mode":"oom"\}\): .*out of memory/i,
      );
    } finally {
      await runner.close();
    }
  });

  it('rejects creation when a thread cannot build its context (a combiner model that does not exist)', async () => {
    const missing = path.join(dir, 'no-such-model.json');
    const broken = {
      ...config,
      signals: { ...config.signals, combiner: { mode: 'ai' as const, blend: 0.5, model: missing } },
    };
    await expect(
      createThreadRunner({ portable: { ...portable, config: broken }, market, threads: 2 }),
    ).rejects.toThrow(/^optimiser worker thread \d+ could not start: signals\.combiner\.model: /);
    await expect(
      createThreadRunner({ portable: { ...portable, config: broken }, market, threads: 1 }),
    ).rejects.toThrow(InputError);
  });
});

describe('close()', () => {
  /** A child process that starts a runner, runs one job, then closes it (or not) and lets the event loop end. */
  function child(close: boolean): Promise<{ code: number | null; stdout: string; hung: boolean }> {
    const script = `
import { createThreadRunner } from ${JSON.stringify(path.join(ROOT, 'src/optimize/runners/thread-runner.ts'))};
import { exactSpec } from ${JSON.stringify(path.join(ROOT, 'src/backtest/test-helpers.ts'))};
import { CandleSeries } from ${JSON.stringify(path.join(ROOT, 'src/data/index.ts'))};
const n = 200;
const t = Float64Array.from({ length: n }, (_, i) => 1736121600000 + i * 3600000);
const p = Float64Array.from({ length: n }, (_, i) => 10 + Math.sin(i / 9));
const bars = new CandleSeries('1h', { openTime: t, open: p, high: p.map((x) => x + 0.1), low: p.map((x) => x - 0.1), close: p, volume: p.map(() => 1e6) });
const market = { bars, synthetic: true, funding: [], spot: undefined, data: [] };
const portable = { spec: exactSpec(), strategy: 'ema-cross', params: {}, objective: 'sharpe', constraints: [] };
const runner = await createThreadRunner({ portable, market, threads: 2 });
const [r] = await runner.run([{ id: 0, params: { fast: 3, slow: 12 }, window: { from: t[0], to: t[n - 1] + 3600000 } }]);
if (${close}) await runner.close();
console.log('done', r.metrics.trades);
`;
    const file = path.join(os.tmpdir(), `nmrbot-close-${process.pid}-${close}.mts`);
    fs.writeFileSync(file, script);
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT });
      let stdout = '';
      let stderr = '';
      let timer: NodeJS.Timeout | undefined;
      proc.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        // Once the script is done, a process with live threads stays up: give it 2 s to end.
        if (stdout.includes('done') && !timer)
          timer = setTimeout(() => {
            proc.kill('SIGKILL');
            resolve({ code: null, stdout, hung: true });
          }, 2_000);
      });
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      proc.on('error', reject);
      proc.on('exit', (code) => {
        clearTimeout(timer);
        fs.rmSync(file, { force: true });
        if (!stdout.includes('done')) reject(new Error(`the child failed (code ${code}): ${stderr}`));
        else resolve({ code, stdout, hung: false });
      });
    });
  }

  it('ends the threads: the process exits by itself once the work is done', async () => {
    const r = await child(true);
    expect(r).toMatchObject({ code: 0, hung: false });
    expect(r.stdout).toMatch(/^done \d+/);
  });

  it('without close() the threads keep the process alive (the check above can fail)', async () => {
    const r = await child(false);
    expect(r.hung).toBe(true);
  });
});
