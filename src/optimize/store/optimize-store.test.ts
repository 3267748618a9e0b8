import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { H, T0, exactSpec, storeHourlyBars, tempStore } from '../../backtest/test-helpers.js';
import { PG_TEST_URL, ensureTestDatabase, freshSchema } from '../../journal/pg-test-helpers.js';
import { type JobContext, type OptimizeJob, type TrialResult, runJob } from '../job.js';
import { type MarketData, loadMarketData } from '../market-data.js';
import { marketHash } from '../market-codec.js';
import { parseConstraint } from '../objective.js';
import { type OptimizeOptions, optimizeOnMarket } from '../optimize.js';
import { type PortableJobContext, jobContextFrom } from '../portable-context.js';
import type { JobRunner } from '../runners/job-runner.js';
import { parseSpace } from '../space.js';
import type { OptimizeRunDescription, OptimizeStore } from './optimize-store.types.js';
import { PostgresOptimizeStore } from './postgres-optimize-store.js';
import { ResumableRunner } from './resumable-runner.js';
import { optimizeRunKey, plannedBacktests } from './run-key.js';
import { SqliteOptimizeStore } from './sqlite-optimize-store.js';

/** 400 hourly bars of a drifting sine wave with a deterministic wiggle (as in optimize.test.ts). */
function syntheticBars(): number[][] {
  return Array.from({ length: 400 }, (_, i) => {
    const mid = (j: number): number => 10 + 0.004 * j + 1.2 * Math.sin(j / 17) + 0.15 * Math.sin(j * 1.7);
    const o = mid(i);
    const c = mid(i + 1);
    return [o, Math.max(o, c) + 0.05, Math.min(o, c) - 0.05, c];
  });
}

/**
 * A runner of `parallelism` 3 that finishes each batch's jobs in reverse order (as threads may) and,
 * with a budget, fails after that many results, part-way through a batch: an interrupted run.
 */
class TestRunner implements JobRunner {
  readonly parallelism = 3;
  ran = 0;
  constructor(
    private readonly ctx: JobContext,
    private readonly budget = Infinity,
  ) {}
  async run(jobs: readonly OptimizeJob[], onResult?: (r: TrialResult) => void): Promise<TrialResult[]> {
    const out: TrialResult[] = new Array<TrialResult>(jobs.length);
    for (let i = jobs.length - 1; i >= 0; i--) {
      if (this.ran >= this.budget) throw new Error('interrupted');
      const r = await runJob(this.ctx, jobs[i] as OptimizeJob);
      this.ran++;
      onResult?.(r);
      out[i] = r;
    }
    return out;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const SPACE = parseSpace({ fast: { type: 'int', min: 2, max: 10 }, slow: { type: 'int', min: 12, max: 40 } });
const PORTABLE: PortableJobContext = {
  spec: exactSpec(),
  strategy: 'ema-cross',
  params: {},
  objective: 'sharpe',
  // Rejects some trials, so -Infinity scores go through the store.
  constraints: [parseConstraint('trades >= 4')],
};
const WALK = { mode: 'rolling', inSampleBars: 200, outOfSampleBars: 100 } as const;

function options(runner: JobRunner): Omit<OptimizeOptions, 'store' | 'data'> {
  return {
    spec: PORTABLE.spec,
    strategy: PORTABLE.strategy,
    space: SPACE,
    searcher: 'tpe',
    seed: 5,
    objective: PORTABLE.objective,
    constraints: PORTABLE.constraints,
    trials: 12,
    walkForward: WALK,
    runner,
  };
}

function description(market: MarketData): OptimizeRunDescription {
  return {
    strategy: 'ema-cross',
    space: SPACE.dims,
    searcher: 'tpe',
    seed: 5,
    trials: 12,
    batch: 3,
    walkForward: WALK,
    objective: 'sharpe',
    constraints: PORTABLE.constraints,
    data: {
      exchange: PORTABLE.spec.exchange,
      symbol: PORTABLE.spec.symbol,
      timeframe: '1h',
      from: T0,
      to: T0 + 400 * H,
      bars: 400,
      synthetic: false,
    },
    marketHash: marketHash(market),
    plannedBacktests: plannedBacktests(market, {
      space: SPACE,
      searcher: 'tpe',
      trials: 12,
      walkForward: WALK,
    }),
  };
}

function keyOf(market: MarketData, seed = 5): string {
  return optimizeRunKey({
    context: PORTABLE,
    space: SPACE,
    searcher: 'tpe',
    seed,
    trials: 12,
    batch: 3,
    walkForward: WALK,
    pboGroups: 8,
    marketHash: marketHash(market),
  });
}

/** A trial with every awkward number: -Infinity score, NaN, ±Infinity and -0 inside. */
const AWKWARD: TrialResult = {
  jobId: 7,
  params: { fast: 3, 'risk.stopLossPct': 0.05, mode: 'Infinity', on: true },
  window: { from: T0, to: T0 + 48 * H },
  score: -Infinity,
  rejected: ['trades >= 20 (was 12)', 'objective is NaN'],
  metrics: { sharpe: NaN, calmar: Infinity, sortino: -Infinity, totalReturn: -0, trades: 12 } as never,
  dailyReturns: [0.1 + 0.2, -0, NaN, Infinity, -Infinity, 5e-324, -1.7976931348623157e308],
  equity: { time: [T0, T0 + H], equity: [1000, 999.9999999999999] },
};

interface Backend {
  /** Opens the store again, as a new process would. */
  open(): Promise<OptimizeStore>;
  rows(sql: string): Promise<number>;
  cleanup(): Promise<void>;
}

const BACKENDS: Record<string, () => Backend> = {
  'SQLite file': () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-optstore-'));
    const file = path.join(dir, 'journal.db');
    return {
      open: () => Promise.resolve(new SqliteOptimizeStore(new Database(file), { owned: true })),
      rows: (sql) => {
        const db = new Database(file, { readonly: true });
        try {
          return Promise.resolve(Number(db.prepare(sql).pluck().get()));
        } finally {
          db.close();
        }
      },
      cleanup: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  },
  PostgreSQL: () => {
    const schema = freshSchema('optimize');
    return {
      open: () => PostgresOptimizeStore.connect(schema.url),
      rows: async (sql) => {
        const client = new pg.Client({ connectionString: PG_TEST_URL });
        await client.connect();
        try {
          const { rows } = await client.query<{ n: string }>(
            sql.replace(/optimize_/g, `${schema.schema}.optimize_`),
          );
          return Number(rows[0]?.n);
        } finally {
          await client.end();
        }
      },
      cleanup: () => schema.drop(),
    };
  },
};

beforeAll(async () => {
  await ensureTestDatabase();
});

describe.each(Object.keys(BACKENDS))('optimize store on %s', (name) => {
  let backend: Backend;
  let store: OptimizeStore;
  let market: MarketData;
  let ctx: JobContext;
  beforeEach(async () => {
    const t = tempStore();
    storeHourlyBars(t.store, syntheticBars());
    market = loadMarketData(t.store, exactSpec());
    t.cleanup();
    ctx = await jobContextFrom(PORTABLE, market);
    backend = (BACKENDS[name] as () => Backend)();
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
    await backend.cleanup();
  });

  it('resumes a run interrupted after 11 of 26 backtests: runs only the other 15 and gives exactly the uninterrupted report', async () => {
    const reference = await optimizeOnMarket(market, options(new TestRunner(ctx)));
    const all = [
      ...(reference.walkForward?.steps ?? []).flatMap((s) => [...s.inSample.trials, s.outOfSample]),
    ];
    expect(all).toHaveLength(26); // 2 windows x (12 trials + 1 out-of-sample run)
    expect(all.some((t) => t?.score === -Infinity)).toBe(true);
    const key = keyOf(market);

    const first = await store.openRun(key, description(market));
    expect(first).toMatchObject({ resumed: false, runId: `opt-${key.slice(0, 12)}-1` });
    const failing = new ResumableRunner(new TestRunner(ctx, 11), store, first);
    await expect(optimizeOnMarket(market, options(failing))).rejects.toThrow('interrupted');
    expect(failing.counts).toEqual({ answered: 0, ran: 11 });
    // 11 is part-way through the fourth batch of 3: every result that arrived was saved.
    expect(await backend.rows('SELECT count(*) AS n FROM optimize_trials')).toBe(11);
    await store.close();

    store = await backend.open();
    const again = await store.openRun(key, description(market));
    expect(again.runId).toBe(first.runId);
    expect(again.resumed).toBe(true);
    expect(again.stored.size).toBe(11);
    const inner = new TestRunner(ctx);
    const resumed = new ResumableRunner(inner, store, again);
    const progress: number[] = [];
    const report = await optimizeOnMarket(market, {
      ...options(resumed),
      onProgress: (p) => progress.push(p.done),
    });
    expect(inner.ran).toBe(15);
    expect(resumed.counts).toEqual({ answered: 11, ran: 15 });
    expect(progress.at(-1)).toBe(26);
    expect(report).toEqual(reference);
    await store.finishRun(again.runId, T0);

    // A finished run opened again is answered from the store alone.
    const third = await store.openRun(key, description(market));
    const none = new TestRunner(ctx);
    expect(await optimizeOnMarket(market, options(new ResumableRunner(none, store, third)))).toEqual(
      reference,
    );
    expect(none.ran).toBe(0);
    const [listed] = await store.listRuns();
    const feasible = all.filter((t) => t && t.score > -Infinity).map((t) => t?.score as number);
    expect(listed).toMatchObject({
      id: first.runId,
      key,
      seq: 1,
      status: 'finished',
      finishedAt: T0,
      trials: 26,
      bestScore: Math.max(...feasible),
      description: description(market),
    });
  });

  it('keeps one row when the same backtest is saved twice (the first one stays)', async () => {
    const run = await store.openRun('k'.repeat(64), description(market));
    await store.saveTrial(run.runId, AWKWARD);
    await store.saveTrial(run.runId, { ...AWKWARD, score: 1.5, rejected: [] });
    expect(await backend.rows('SELECT count(*) AS n FROM optimize_trials')).toBe(1);
    expect(await store.trials(run.runId)).toEqual([AWKWARD]);
  });

  it('round-trips a trial exactly: -Infinity score, NaN, ±Infinity and -0 in returns and metrics', async () => {
    const run = await store.openRun('r'.repeat(64), description(market));
    const real = await runJob(ctx, {
      id: 3,
      params: { fast: 4, slow: 20 },
      window: { from: T0, to: T0 + 200 * H },
      keepEquity: true,
    });
    const noEquity = { ...real, jobId: 4, equity: { time: [], equity: [] } };
    for (const t of [real, AWKWARD, noEquity]) await store.saveTrial(run.runId, t);
    const [a, c, b] = await store.trials(run.runId); // in job order: 3, 4, 7
    expect(a).toEqual(real);
    expect(b).toEqual(AWKWARD);
    expect(c).toEqual(noEquity);
    expect(Object.is(b?.dailyReturns[1], -0), 'daily return -0').toBe(true);
    expect(Object.is(b?.metrics?.totalReturn, -0), 'metric -0').toBe(true);
    expect(b?.score).toBe(-Infinity);
    expect(b?.params['mode']).toBe('Infinity');
    expect((await store.openRun('r'.repeat(64), description(market))).stored.get(7)).toEqual(AWKWARD);
  });

  it('changed inputs give a new key and a new run; --no-resume gives a new run of the same key', async () => {
    const key = keyOf(market);
    expect(keyOf(market, 6)).not.toBe(key);
    const shifted = { ...market, bars: market.bars.slice(1) } as MarketData;
    expect(
      optimizeRunKey({
        context: PORTABLE,
        space: SPACE,
        searcher: 'tpe',
        seed: 5,
        trials: 12,
        batch: 3,
        walkForward: WALK,
        pboGroups: 8,
        marketHash: marketHash(shifted),
      }),
    ).not.toBe(key);
    const a = await store.openRun(key, description(market));
    await store.saveTrial(a.runId, AWKWARD);
    const other = await store.openRun(keyOf(market, 6), description(market));
    expect(other).toMatchObject({ resumed: false });
    expect(other.stored.size).toBe(0);
    expect(other.runId).not.toBe(a.runId);

    const fresh = await store.openRun(key, description(market), { resume: false });
    expect(fresh).toMatchObject({ resumed: false, runId: `opt-${key.slice(0, 12)}-2` });
    // The latest run of the key is the one resumed next.
    expect(await store.openRun(key, description(market))).toMatchObject({
      runId: fresh.runId,
      resumed: true,
    });
    expect((await store.listRuns()).map((r) => r.id).sort()).toEqual(
      [a.runId, fresh.runId, other.runId].sort(),
    );
  });

  it('refuses to answer a job from the store when its parameters differ, naming the run and the job', async () => {
    const run = await store.openRun('d'.repeat(64), description(market));
    await store.saveTrial(run.runId, AWKWARD);
    const opened = await store.openRun('d'.repeat(64), description(market));
    const runner = new ResumableRunner(new TestRunner(ctx), store, opened);
    await expect(
      runner.run([{ id: 7, params: { ...AWKWARD.params, fast: 4 }, window: AWKWARD.window }]),
    ).rejects.toThrow(
      new RegExp(
        `optimize run ${run.runId}: backtest 7 is stored as .*"fast":3.* but this run asks for .*"fast":4.*the run's inputs changed`,
      ),
    );
  });
});

describe('optimizeRunKey', () => {
  it('ignores the batch for grid and random search, where it does not change the trials, but not for TPE', () => {
    const base = { context: PORTABLE, space: SPACE, seed: 1, trials: 5, pboGroups: 8, marketHash: 'm' };
    for (const searcher of ['grid', 'random'] as const) {
      expect(optimizeRunKey({ ...base, searcher, batch: 1 })).toBe(
        optimizeRunKey({ ...base, searcher, batch: 4 }),
      );
    }
    expect(optimizeRunKey({ ...base, searcher: 'tpe', batch: 1 })).not.toBe(
      optimizeRunKey({ ...base, searcher: 'tpe', batch: 4 }),
    );
    expect(optimizeRunKey({ ...base, searcher: 'tpe', batch: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});
