import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exactSpec } from '../../backtest/test-helpers.js';
import { type OptimizeJob, runJob } from '../job.js';
import { resolveObjective } from '../objective.js';
import { optimizeOnMarket } from '../optimize.js';
import type { PortableJobContext } from '../portable-context.js';
import {
  type QueueWorker,
  type QueueWorkerEvent,
  RedisUnavailableError,
  contextKey,
  createQueueRunner,
  marketKey,
  newRunId,
  startQueueWorker,
} from '../queue/index.js';
import { H, T0, syntheticMarket } from '../queue/test-fixtures/synthetic-market.js';
import { parseSpace } from '../space.js';
import { LocalRunner } from './local-runner.js';

const REDIS = 'redis://127.0.0.1:6379';
const SPACE = parseSpace({
  fast: { type: 'choice', values: [3, 5, 8] },
  slow: { type: 'choice', values: [12, 24] },
});
const market = syntheticMarket(); // SYNTHETIC
const portable: PortableJobContext = {
  spec: exactSpec(),
  strategy: 'ema-cross',
  params: {},
  objective: 'sharpe',
  constraints: [],
};
const localCtx = {
  market,
  spec: portable.spec,
  strategy: 'ema-cross',
  objective: resolveObjective('sharpe'),
  constraints: [],
};

describe('QueueRunner with an in-process queue worker (real Redis 127.0.0.1:6379, SYNTHETIC market)', () => {
  let queueName: string;
  let admin: Queue;
  let workers: QueueWorker[];
  let events: QueueWorkerEvent[];

  const startWorker = async (): Promise<QueueWorker> => {
    const w = await startQueueWorker({ redisUrl: REDIS, queueName, onEvent: (e) => events.push(e) });
    workers.push(w);
    return w;
  };

  beforeEach(async () => {
    queueName = `nmrbot-test-${randomBytes(4).toString('hex')}`;
    admin = new Queue(queueName, { connection: { url: REDIS } });
    workers = [];
    events = [];
    await admin.waitUntilReady();
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await admin.obliterate({ force: true });
    await admin.close();
  });

  it('gives exactly the report of a LocalRunner with the same batch (grid + walk-forward), then leaves nothing in Redis', async () => {
    const options = {
      spec: portable.spec,
      strategy: 'ema-cross',
      space: SPACE,
      searcher: 'grid' as const,
      objective: 'sharpe' as const,
      trials: 6,
      walkForward: { mode: 'rolling' as const, inSampleBars: 150, outOfSampleBars: 100 },
      batch: 4,
    };
    const local = await optimizeOnMarket(market, { ...options, runner: new LocalRunner(localCtx) });
    await startWorker();
    const runId = newRunId();
    const runner = await createQueueRunner({ redisUrl: REDIS, runId, portable, market, queueName });
    const seen: number[] = [];
    let queued;
    try {
      queued = await optimizeOnMarket(market, { ...options, runner, onProgress: (p) => seen.push(p.done) });
    } finally {
      await runner.close();
    }
    expect(queued).toEqual(local);
    expect(local.walkForward?.steps).toHaveLength(2);
    expect(seen.at(-1), '2 windows x (6 trials + 1 out-of-sample run)').toBe(14);
    const client = await admin.client;
    expect(await client.get(contextKey(runId)), 'close() deletes the run context').toBeNull();
    expect(await client.get(marketKey(runId))).toBeNull();
    const counts = await admin.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
    expect(
      Object.entries(counts).filter(([, n]) => n > 0),
      'every consumed job is removed',
    ).toEqual([]);
  });

  it('rejects run() with the worker error text when a job fails', async () => {
    await startWorker();
    const runner = await createQueueRunner({
      redisUrl: REDIS,
      runId: newRunId(),
      portable,
      market,
      queueName,
    });
    const before = { from: T0 - 10 * H, to: T0 - 5 * H };
    try {
      await expect(runner.run([{ id: 0, params: { fast: 3, slow: 12 }, window: before }])).rejects.toThrow(
        /^job 0 of run opt-[0-9a-z]+-[0-9a-f]{8} failed on a worker: no bars in the window \[2025-01-05T14:00:00\.000Z, 2025-01-05T19:00:00\.000Z\)$/,
      );
    } finally {
      await runner.close();
    }
    expect(events.map((e) => e.type)).toEqual(['started', 'failed']);
  });

  it('a resumed run takes the stored result of a job already done, without running it again', async () => {
    await startWorker();
    const runId = newRunId();
    const runner = await createQueueRunner({ redisUrl: REDIS, runId, portable, market, queueName });
    const done: OptimizeJob = {
      id: 0,
      params: { fast: 5, slow: 24 },
      window: { from: T0, to: T0 + 400 * H },
    };
    const fresh: OptimizeJob = { id: 1, params: { fast: 8, slow: 12 }, window: done.window };
    try {
      // A previous coordinator enqueued job 0 and died before reading its result.
      const bull = await admin.add('trial', { runId, job: done }, { jobId: `${runId}/0` });
      await expect.poll(() => bull.getState(), { timeout: 20_000 }).toBe('completed');
      const results = await runner.run([done, fresh]);
      expect(results).toEqual([await runJob(localCtx, done), await runJob(localCtx, fresh)]);
    } finally {
      await runner.close();
    }
    const starts = events.filter((e) => e.type === 'started').map((e) => e.jobId);
    expect(starts, 'job 0 ran once, before the resume').toEqual([0, 1]);
  });

  it('a worker refuses a market whose bytes do not match the run hash', async () => {
    const runId = newRunId();
    const runner = await createQueueRunner({ redisUrl: REDIS, runId, portable, market, queueName });
    try {
      const client = await admin.client;
      const tampered = Buffer.from((await client.get(marketKey(runId))) ?? '', 'base64');
      const last = tampered.length - 1;
      tampered.writeUInt8((tampered.readUInt8(last) ^ 1) & 0xff, last);
      await client.set(marketKey(runId), tampered.toString('base64'));
      await startWorker();
      await expect(
        runner.run([{ id: 0, params: { fast: 3, slow: 12 }, window: { from: T0, to: T0 + 400 * H } }]),
      ).rejects.toThrow(/the market in Redis has hash [0-9a-f]{64}, the run expects [0-9a-f]{64}$/);
    } finally {
      await runner.close();
    }
  });

  it('refuses a second run under the same id with another market', async () => {
    const runId = newRunId();
    const runner = await createQueueRunner({ redisUrl: REDIS, runId, portable, market, queueName });
    try {
      await expect(
        createQueueRunner({ redisUrl: REDIS, runId, portable, market: syntheticMarket(300), queueName }),
      ).rejects.toThrow(`run ${runId} is already in Redis with another market: use a new run id`);
    } finally {
      await runner.close();
    }
  });
});

describe('Redis URLs', () => {
  it('names an unreachable Redis without its password, within the connect timeout', async () => {
    const url = 'redis://nmr:s3cret@127.0.0.1:6390';
    const t0 = performance.now();
    const worker = startQueueWorker({ redisUrl: url, connectTimeoutMs: 500 });
    await expect(worker).rejects.toThrow(RedisUnavailableError);
    await expect(worker).rejects.toThrow(
      'cannot reach Redis at redis://nmr:***@127.0.0.1:6390 within 500 ms: connect ECONNREFUSED 127.0.0.1:6390',
    );
    const runner = createQueueRunner({ redisUrl: url, connectTimeoutMs: 500, runId: 'r1', portable, market });
    await expect(runner).rejects.toThrow(
      /^cannot reach Redis at redis:\/\/nmr:\*\*\*@127\.0\.0\.1:6390 within 500 ms/,
    );
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('refuses a URL that is not redis:// and a run id BullMQ cannot use', async () => {
    await expect(startQueueWorker({ redisUrl: 'http://u:pw@host:6379' })).rejects.toThrow(
      'Redis URL "http://u:***@host:6379": expected redis:// or rediss://, got http://',
    );
    await expect(createQueueRunner({ redisUrl: REDIS, runId: 'a:b', portable, market })).rejects.toThrow(
      'run id "a:b": use 1 to 100 letters, digits, "_", "." or "-", not only digits',
    );
  });
});
