import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Queue } from 'bullmq';
import {
  LocalRunner,
  type JobRunner,
  type OptimizeJob,
  type TrialResult,
  jobContextFrom,
  parseSpace,
} from '../src/optimize/index.js';
import { gridPoints } from '../src/optimize/search/grid-search.js';
import { createQueueRunner, newRunId, startQueueWorker } from '../src/optimize/queue/index.js';
import { type Bench, type BenchResult, formatResults } from './harness.js';
import { readRealCandles } from './real-nmr.js';
import { YEAR_15M, barsOnlyMarket, playbookContext } from './playbook-job.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REDIS = process.env.NMRBOT_BENCH_REDIS ?? 'redis://127.0.0.1:6379';
/**
 * Jobs timed per pass and bars per job (the first 2 days of the real year, 15m): short jobs, so the
 * per-job queue cost is not lost in the noise of the backtest time. Each runner gets ROUNDS passes,
 * interleaved with the others, and its fastest pass counts (the least disturbed by other load).
 */
const JOBS = 32;
const BARS = 2 * 96;
const ROUNDS = 5;
const SPACE = parseSpace({
  'risk.stopLossPct': { type: 'choice', values: [0.015, 0.02, 0.025, 0.03, 0.04, 0.05] },
  'signals.entryThreshold': { type: 'choice', values: [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5] },
});

interface Timed {
  readonly msPerJob: number;
  readonly results: TrialResult[];
}

/** One timed pass over `jobs`, `batch` at a time, under fresh job ids (a queue keeps ids it has seen). */
async function timePass(
  runner: JobRunner,
  jobs: readonly OptimizeJob[],
  batch: number,
  idBase: number,
): Promise<Timed> {
  const renamed = jobs.map((j) => ({ ...j, id: idBase + j.id }));
  const results: TrialResult[] = [];
  const t0 = performance.now();
  for (let i = 0; i < renamed.length; i += batch)
    results.push(...(await runner.run(renamed.slice(i, i + batch))));
  return { msPerJob: (performance.now() - t0) / jobs.length, results };
}

function faster(a: Timed | undefined, b: Timed): Timed {
  return a && a.msPerJob <= b.msPerJob ? a : b;
}

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
}

/** `nmrbot worker` as a child process (from source through tsx), resolved once it prints its ready line. */
async function spawnWorker(queueName: string): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/live/cli-entry.ts', 'worker', '--redis', REDIS, '--queue-name', queueName],
    { cwd: ROOT, stdio: ['ignore', 'pipe', process.env.NMRBOT_BENCH_WORKER_LOG ? 'inherit' : 'ignore'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (out.includes('worker ready')) resolve();
    });
    void exited.then(() => reject(new Error('nmrbot worker exited before it was ready')));
  });
  return { child, exited };
}

export interface QueueOverhead {
  readonly local: Timed;
  readonly inProcess1: Timed;
  readonly inProcess8: Timed;
  readonly processes: readonly { readonly workers: number; readonly timed: Timed }[];
  readonly what: string;
}

/**
 * nmr-playbook (default config) on the first 2 days of the REAL NMRUSDT 15m year, JOBS configurations
 * of a stop x entry-threshold grid. Per job: LocalRunner; the queue with one worker in this process,
 * one job at a time (batch 1: the whole round trip) and 8 at a time; then 1 and 2 `nmrbot worker`
 * processes, 8 at a time. Every runner must give the same scores.
 */
export async function measureQueueOverhead(withProcesses = true): Promise<QueueOverhead> {
  const all = readRealCandles(YEAR_15M);
  const bars = all.range(all.openTime[0], all.openTime[BARS]);
  const market = barsOnlyMarket(bars);
  const portable = playbookContext('2');
  const grid = gridPoints(SPACE);
  const window = {
    from: bars.openTime[0] as number,
    to: (bars.openTime[bars.length - 1] as number) + bars.timeframeMs,
  };
  const jobs: OptimizeJob[] = Array.from({ length: JOBS }, (_, i) => ({
    id: i,
    params: grid[Math.floor((i * grid.length) / JOBS)] ?? {},
    window,
  }));
  const queueName = `nmrbot-bench-${randomBytes(4).toString('hex')}`;
  const admin = new Queue(queueName, { connection: { url: REDIS } });
  const queueRunner = (): ReturnType<typeof createQueueRunner> =>
    createQueueRunner({ redisUrl: REDIS, runId: newRunId(), portable, market, queueName });
  const procs: WorkerProcess[] = [];
  try {
    const localRunner = new LocalRunner(await jobContextFrom(portable, market));
    const worker = await startQueueWorker({ redisUrl: REDIS, queueName });
    let local: Timed | undefined;
    let inProcess1: Timed | undefined;
    let inProcess8: Timed | undefined;
    const runner = await queueRunner();
    try {
      // Warm-up, untimed: one pass each (compiled hot paths; the worker loads the run's context).
      await timePass(localRunner, jobs, JOBS, -1000);
      await timePass(runner, jobs, 8, -1000);
      for (let round = 0; round < ROUNDS; round++) {
        local = faster(local, await timePass(localRunner, jobs, JOBS, 0));
        inProcess1 = faster(inProcess1, await timePass(runner, jobs, 1, (2 * round + 1) * 1000));
        inProcess8 = faster(inProcess8, await timePass(runner, jobs, 8, (2 * round + 2) * 1000));
      }
    } finally {
      await runner.close();
      await worker.close();
    }
    if (!local || !inProcess1 || !inProcess8) throw new Error('no timed pass');
    const processes: { workers: number; timed: Timed }[] = [];
    if (withProcesses) {
      for (const n of [1, 2]) {
        while (procs.length < n) procs.push(await spawnWorker(queueName));
        const r = await queueRunner();
        try {
          await timePass(r, jobs, 8, -1000); // warm: a fresh process compiles its hot paths
          processes.push({ workers: n, timed: await timePass(r, jobs, 8, 0) });
        } finally {
          await r.close();
        }
      }
    }
    const scores = (t: Timed): string => JSON.stringify(t.results.map((r) => r.score));
    for (const t of [inProcess1, inProcess8, ...processes.map((p) => p.timed)]) {
      if (scores(t) !== scores(local)) throw new Error('the queue gave other results than the local run');
    }
    const what = `nmr-playbook, ${JOBS} configs, real NMRUSDT 15m ${bars.length.toLocaleString('en-US')} bars (2 d)`;
    return { local, inProcess1, inProcess8, processes, what };
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    await admin.obliterate({ force: true });
    await admin.close();
  }
}

export const optimizeQueueBench: Bench = {
  name: 'optimize queue',
  async run(): Promise<BenchResult[]> {
    const load0 = os.loadavg()[0] ?? NaN;
    const r = await measureQueueOverhead();
    const load = `load average ${load0.toFixed(2)} before, ${(os.loadavg()[0] ?? NaN).toFixed(2)} after; ${os.availableParallelism()} cores`;
    const perSecond = (t: Timed): number => 1000 / t.msPerJob;
    const ms = (t: Timed): string => `${t.msPerJob.toFixed(1)} ms/job`;
    const overhead1 = r.inProcess1.msPerJob - r.local.msPerJob;
    const overhead8 = r.inProcess8.msPerJob - r.local.msPerJob;
    process.stderr.write(
      `optimize queue: ${r.what}; ${load}\n` +
        `  LocalRunner                      ${ms(r.local)}\n` +
        `  queue, in-process worker, batch 1 ${ms(r.inProcess1)} (overhead ${overhead1.toFixed(1)} ms)\n` +
        `  queue, in-process worker, batch 8 ${ms(r.inProcess8)} (overhead ${overhead8.toFixed(1)} ms)\n` +
        r.processes
          .map(
            (p) =>
              `  queue, ${p.workers} worker process(es), batch 8 ${perSecond(p.timed).toFixed(2)} configs/s\n`,
          )
          .join(''),
    );
    const results: BenchResult[] = [
      {
        name: 'optimize queue: BullMQ overhead per job, batch 1',
        value: overhead1,
        unit: 'ms',
        target: 10,
        lowerIsBetter: true,
        note: `queue ${ms(r.inProcess1)} - LocalRunner ${ms(r.local)}: one job at a time, the full round trip; worker in process; target ours (the issue sets none); ${r.what}; ${load}`,
      },
      {
        name: 'optimize queue: BullMQ overhead per job, batch 8',
        value: overhead8,
        unit: 'ms',
        target: 10,
        lowerIsBetter: true,
        note: `queue ${ms(r.inProcess8)} - LocalRunner ${ms(r.local)}; worker in process`,
      },
    ];
    for (const p of r.processes) {
      results.push({
        name: `optimize queue: configs per second, ${p.workers} worker process${p.workers > 1 ? 'es' : ''}`,
        value: perSecond(p.timed),
        unit: 'configs/s',
        target: perSecond(r.local) * Math.min(p.workers, os.availableParallelism()),
        note: `batch 8; target = LocalRunner x ${p.workers} (${perSecond(r.local).toFixed(2)} configs/s in process); start-up not counted`,
      });
    }
    return results;
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${formatResults(await optimizeQueueBench.run())}\n`);
}
