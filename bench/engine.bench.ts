import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-child.ts');

/**
 * The full engine (kernel, SimVenue, portfolio, ema-cross) over >= 1M real NMR 1m bars joined end to
 * end, in a child process so its peak RSS is its own. Throughput is the median of 3 warm runs (after
 * one cold run, whose figure is printed in the note). Targets: >= 1M bars/s, < 400 MB.
 */
export const engineBench: Bench = {
  name: 'engine',
  run() {
    const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, '1000000'], { encoding: 'utf8' });
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
      { name: 'engine: peak RSS', value: r.rssMb, unit: 'MB', target: 400, lowerIsBetter: true, note },
    ];
  },
};
