import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-child.ts');

/**
 * The full engine (kernel, SimVenue, portfolio, ema-cross) over >= 1M real NMR 1m bars joined end to
 * end. One child process builds the input store; a second one loads it and backtests, so its peak RSS
 * is the engine's own. Throughput is the median of 3 warm runs (after one cold run, whose figure is
 * printed in the note). Targets: >= 1M bars/s, < 400 MB.
 */
export const engineBench: Bench = {
  name: 'engine',
  run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-engine-'));
    const db = path.join(dir, 'engine.db');
    let out: string;
    try {
      const child = (...args: string[]): string =>
        execFileSync(process.execPath, ['--import', 'tsx', CHILD, ...args], { encoding: 'utf8' });
      child('prepare', db, '1000000');
      out = child('run', db, '3');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      bars: number;
      coldSeconds: number;
      medianSeconds: number;
      rssMb: number;
    };
    const note = `${r.bars.toLocaleString('en-US')} real NMR 1m bars joined end to end, ema-cross`;
    const cold = Math.round(r.bars / r.coldSeconds).toLocaleString('en-US');
    return [
      {
        name: 'engine: backtest bars per second',
        value: r.bars / r.medianSeconds,
        unit: 'bars/s',
        target: 1_000_000,
        note: `${note}; median of 3 warm runs (cold first run: ${cold} bars/s)`,
      },
      {
        name: 'engine: peak RSS',
        value: r.rssMb,
        unit: 'MB',
        target: 400,
        lowerIsBetter: true,
        note: `${note}; the process of one backtest (store load + run), input built in another process`,
      },
    ];
  },
};
