import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactSpec } from '../../backtest/test-helpers.js';
import { resolveObjective } from '../objective.js';
import { type OptimizeReport, optimizeOnMarket } from '../optimize.js';
import type { PortableJobContext } from '../portable-context.js';
import { LocalRunner } from '../runners/local-runner.js';
import { createQueueRunner, newRunId } from '../runners/queue-runner.js';
import { parseSpace } from '../space.js';
import { syntheticMarket } from './test-fixtures/synthetic-market.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const REDIS = 'redis://127.0.0.1:6379';
/** A job's lock: a worker killed while holding a job loses it this long after its last renewal. */
const LOCK_MS = 4000;
const STALLED_MS = 1000;
const STRATEGY = path.join(import.meta.dirname, 'test-fixtures/delayed-ema-cross.ts');
const SPACE = parseSpace({
  fast: { type: 'choice', values: [3, 5, 8] },
  slow: { type: 'choice', values: [12, 24] },
});

interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout: string;
  stderr: string;
}

/** Job ids in the worker's stderr lines of one kind ("started", "done"). */
function jobsIn(w: WorkerProcess, what: 'started' | 'done'): number[] {
  return [...w.stderr.matchAll(new RegExp(`^job (\\d+) of run \\S+ ${what}`, 'gm'))].map((m) => Number(m[1]));
}

describe('nmrbot worker processes on real Redis (SYNTHETIC market, ema-cross)', () => {
  const queueName = `nmrbot-test-${randomBytes(4).toString('hex')}`;
  const market = syntheticMarket(); // SYNTHETIC
  const spec = exactSpec();
  const portable: PortableJobContext = {
    spec,
    strategy: STRATEGY,
    params: {},
    objective: 'sharpe',
    constraints: [],
  };
  const options = {
    spec,
    strategy: STRATEGY,
    space: SPACE,
    searcher: 'grid' as const,
    objective: 'sharpe' as const,
    trials: 6,
    walkForward: { mode: 'rolling' as const, inSampleBars: 150, outOfSampleBars: 100 },
  };
  const procs: WorkerProcess[] = [];
  let admin: Queue;

  const spawnWorker = (name: string, env: Record<string, string> = {}): WorkerProcess => {
    const args = [
      '--import',
      'tsx',
      'src/cli/live/cli-entry.ts',
      'worker',
      '--redis',
      REDIS,
      '--queue-name',
      queueName,
    ];
    const child = spawn(
      process.execPath,
      [...args, '--lock-ms', String(LOCK_MS), '--stalled-ms', String(STALLED_MS)],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const w: WorkerProcess = {
      name,
      child,
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
      stdout: '',
      stderr: '',
    };
    child.stdout?.on('data', (d: Buffer) => (w.stdout += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (w.stderr += d.toString('utf8')));
    procs.push(w);
    return w;
  };
  const ready = async (w: WorkerProcess): Promise<void> => {
    await expect
      .poll(() => w.stdout, { timeout: 90_000, interval: 100, message: `${w.name} ready` })
      .toBe(`worker ready: queue ${queueName} on ${REDIS}\n`);
  };
  const localReport = (batch: number): Promise<OptimizeReport> => {
    const ctx = { market, spec, strategy: STRATEGY, objective: resolveObjective('sharpe'), constraints: [] };
    return optimizeOnMarket(market, { ...options, batch, runner: new LocalRunner(ctx) });
  };
  const queuedReport = async (batch: number): Promise<OptimizeReport> => {
    const runner = await createQueueRunner({
      redisUrl: REDIS,
      runId: newRunId(),
      portable,
      market,
      queueName,
    });
    try {
      return await optimizeOnMarket(market, { ...options, batch, runner });
    } finally {
      await runner.close();
    }
  };

  beforeAll(async () => {
    admin = new Queue(queueName, { connection: { url: REDIS } });
    await admin.waitUntilReady();
  });
  afterAll(async () => {
    for (const p of procs)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await admin.obliterate({ force: true });
    await admin.close();
  });

  it('two worker processes give exactly the report of a local run with the same batch; SIGTERM stops one cleanly', async () => {
    const a = spawnWorker('worker A');
    const b = spawnWorker('worker B');
    await Promise.all([ready(a), ready(b)]);
    const local = await localReport(3);
    const queued = await queuedReport(3);
    expect(queued).toEqual(local);
    // 2 windows x (6 trials + 1 out-of-sample run): job ids 0..13, each done once, shared by both workers.
    const done = [...jobsIn(a, 'done'), ...jobsIn(b, 'done')].sort((x, y) => x - y);
    expect(done).toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect(jobsIn(a, 'done').length, 'worker A took jobs').toBeGreaterThan(0);
    expect(jobsIn(b, 'done').length, 'worker B took jobs').toBeGreaterThan(0);

    b.child.kill('SIGTERM');
    expect(await b.exited, 'SIGTERM: exit 0').toBe(0);
    expect(b.stderr).toMatch(/SIGTERM: finishing the job in hand, then stopping\nworker stopped\n$/);
  }, 300_000);

  it('a worker killed (SIGKILL) while holding a job: another worker runs it again, no result lost or duplicated', async () => {
    const survivor = procs[0] as WorkerProcess; // worker A from the test above
    // Every job on the victim sleeps 60 s first, so it is surely holding one when killed.
    const victim = spawnWorker('worker C', { NMRBOT_QUEUE_TEST_DELAY_MS: '60000' });
    await ready(victim);
    const survivorDoneBefore = jobsIn(survivor, 'done').length;
    const local = await localReport(6);
    const queued = queuedReport(6);
    await expect
      .poll(() => jobsIn(victim, 'started'), {
        timeout: 60_000,
        interval: 50,
        message: 'the victim takes a job',
      })
      .toHaveLength(1);
    const [held] = jobsIn(victim, 'started');
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    const report = await queued;
    expect(report).toEqual(local);
    const ids = report.walkForward?.steps
      .flatMap((s) => [...s.inSample.trials, s.outOfSample])
      .map((t) => t?.jobId);
    expect(ids, 'every job once, in order').toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect(jobsIn(victim, 'done'), 'the victim finished nothing').toEqual([]);
    const survivorDone = jobsIn(survivor, 'done').slice(survivorDoneBefore);
    expect(
      [...survivorDone].sort((x, y) => x - y),
      'the survivor ran all 14, the held one included',
    ).toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect(survivor.stderr, 'the held job came back as a second attempt').toMatch(
      new RegExp(`^job ${held} of run \\S+ started \\(attempt 2\\)$`, 'm'),
    );
  }, 300_000);
});
