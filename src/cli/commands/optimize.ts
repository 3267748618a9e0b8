import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { InputError, isoTime } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import type { MarketStore } from '../../data/index.js';
import { toText } from '../../journal/index.js';
import {
  DEFAULT_QUEUE_NAME,
  type JobRunner,
  LocalRunner,
  type MarketData,
  OBJECTIVE_NAMES,
  type ObjectiveName,
  type OptimizeReport,
  type PortableJobContext,
  SEARCH_KINDS,
  type SearchKind,
  type SearchReport,
  type WalkForwardSpec,
  createQueueRunner,
  createThreadRunner,
  jobContextFrom,
  loadMarketData,
  marketHash,
  optimizeOnMarket,
  parseConstraint,
  parseSpace,
} from '../../optimize/index.js';
import {
  type OptimizeRunRecord,
  type OptimizeStore,
  ResumableRunner,
  openOptimizeStore,
  optimizeRunKey,
  plannedBacktests,
} from '../../optimize/store/index.js';
import type { BacktestFlags } from '../backtest/backtest-spec.js';
import { eventBlackouts } from '../backtest/event-calendar.js';
import { storedAltData } from '../backtest/stored-alt-data.js';
import { wholeNumber } from '../backtest/market.js';
import { collect, parseStrategyParams } from '../backtest/strategy-params.js';
import { preparedSpec } from '../backtest/run-spec.js';
import { configForCommand, withStore } from '../context.js';
import { ProgressBar } from '../progress.js';

type Flags = BacktestFlags & {
  search: string;
  trials: string;
  objective: string;
  space?: string;
  constraint?: string[];
  walkForward?: string;
  /** False with `--no-resume`. */
  resume: boolean;
  list?: boolean;
  threads: string;
  queue?: string;
  queueName: string;
  batch?: string;
};

/**
 * `nmrbot optimize`: search a parameter space with backtests, optionally walking forward. Every run
 * and its backtests go to the journal's database; a run with the same inputs resumes.
 */
export function registerOptimizeCommand(program: Command): void {
  const optimizeCmd = program
    .command('optimize')
    .description(
      'search strategy parameters and config values with backtests (grid, random or TPE), with walk-forward; runs are stored and resume',
    )
    .option('--space <file>', 'parameter space, YAML or JSON (see docs/optimize.md); required to run')
    .option('--search <kind>', `searcher: ${SEARCH_KINDS.join(', ')}`, 'tpe')
    .option('--trials <n>', 'backtests per search (per walk-forward window)', '50')
    .option('--objective <name>', `what to maximise: ${OBJECTIVE_NAMES.join(', ')}`, 'sharpe')
    .option('--constraint <rule>', 'e.g. "maxDrawdown <= 0.25", repeatable', collect)
    .option(
      '--walk-forward <rolling|anchored:IS,OOS[,purge[,embargo]]>',
      'walk-forward windows in bars, e.g. rolling:2880,960,96',
    )
    .option('--strategy <name|file>', 'built-in name or a .ts/.js file (default: backtest.strategy)')
    .option('--from <when>', 'start: a date or a look-back (default: data.history)')
    .option('--to <when>', 'end (exclusive) (default: now)')
    .option('--timeframe <tf>', 'bar timeframe (default: backtest.timeframe)')
    .option('--json <file>', 'write the report as JSON')
    .option('--synthetic', 'run on a generated market (labelled SYNTHETIC)')
    .option('--days <n>', 'with --synthetic: days to generate', '90')
    .option('--seed <n>', 'generator seed with --synthetic, and the searcher seed', '1')
    .option('--no-download', 'never download: use only what the store holds')
    .option('--leverage <x>', 'leverage (default: backtest.leverage)')
    .option('--balance <usdt>', 'starting wallet in USDT (default: backtest.initialBalance)')
    .option('--no-risk', 'run without the risk engine')
    .option('--param <name=value>', 'a fixed strategy parameter, repeatable', collect)
    .option('--no-resume', 'start a new run even when a stored run has the same inputs')
    .option(
      '--threads <n|auto>',
      'backtests at once on worker threads; auto: one per core; 1: in this process',
      '1',
    )
    .option('--queue <redis-url>', 'run the backtests on `nmrbot worker` processes through Redis (BullMQ)')
    .option('--queue-name <name>', 'BullMQ queue with --queue', DEFAULT_QUEUE_NAME)
    .option(
      '--batch <n>',
      'backtests proposed at once (default: --threads, or 8 with --queue); the same batch gives the same trials anywhere',
    )
    .option('--list', 'list the stored optimize runs (like `nmrbot optimize runs`)')
    .action((flags: Flags, cmd: Command) =>
      withOptimizeStore(cmd, (store, optStore, config) =>
        flags.list ? listRuns(optStore) : runOptimizeCommand(store, optStore, config, flags),
      ),
    );
  optimizeCmd
    .command('runs')
    .description('list the stored optimize runs: id, created, status, backtests stored, best score')
    .action((_flags: unknown, cmd: Command) =>
      withOptimizeStore(cmd, (_store, optStore) => listRuns(optStore)),
    );
}

/** Runs `fn` with the market store and the optimize store (where `journal.url` says), closing both. */
async function withOptimizeStore(
  cmd: Command,
  fn: (store: MarketStore, optStore: OptimizeStore, config: NmrbotConfig) => Promise<void>,
): Promise<void> {
  const { config } = configForCommand(cmd);
  await withStore(cmd, async (store) => {
    const optStore = await openOptimizeStore(config.journal.url, () => store.db);
    try {
      await fn(store, optStore, config);
    } finally {
      await optStore.close();
    }
  });
}

async function listRuns(optStore: OptimizeStore): Promise<void> {
  const runs = await optStore.listRuns();
  if (runs.length === 0) {
    process.stdout.write('no optimize runs stored\n');
    return;
  }
  process.stdout.write(`${toText(runsTable(runs))}\n`);
}

/** The stored runs as a table: backtests as stored/planned. */
export function runsTable(runs: readonly OptimizeRunRecord[]): {
  header: string[];
  rows: string[][];
} {
  return {
    header: ['id', 'created', 'status', 'backtests', 'best', 'strategy', 'search', 'market'],
    rows: runs.map((r) => {
      const d = r.description;
      return [
        r.id,
        isoTime(r.createdAt),
        r.status,
        `${r.trials}/${d.plannedBacktests}`,
        fmt(r.bestScore),
        d.strategy,
        `${d.searcher} x${d.trials}${d.walkForward ? ` ${d.walkForward.mode}` : ''}`,
        `${d.data.synthetic ? '[SYNTHETIC] ' : ''}${d.data.exchange} ${d.data.symbol} ${d.data.timeframe} ${isoTime(d.data.from)} .. ${isoTime(d.data.to)}`,
      ];
    }),
  };
}

/** A built-in strategy name as it is; a strategy file as its absolute path (what a worker loads). */
function portableStrategy(name: string): string {
  return /\.(ts|mts|js|mjs)$/.test(name) ? path.resolve(name) : name;
}

/** SHA-256 of the files the backtests read besides the store, so editing one starts a new run. */
function filesRead(strategy: string, config: NmrbotConfig): Record<string, string> {
  const files: Record<string, string> = {};
  const add = (label: string, file: string | undefined): void => {
    if (file !== undefined && fs.existsSync(file))
      files[label] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  };
  if (path.isAbsolute(strategy)) add('strategy', strategy);
  if (config.signals.combiner.mode !== 'fixed') add('combinerModel', config.signals.combiner.model);
  return files;
}

/** Where the backtests run: in this process, on worker threads, or on queue workers through Redis. */
export function runnerChoice(flags: Pick<Flags, 'threads' | 'queue' | 'queueName' | 'batch'>): {
  parallelism: number;
  create: (portable: PortableJobContext, market: MarketData, runId: string) => Promise<JobRunner>;
} {
  const threads =
    flags.threads === 'auto' ? os.availableParallelism() : wholeNumber('--threads', flags.threads, 1);
  if (flags.queue !== undefined && flags.threads !== '1') {
    throw new InputError('--queue and --threads: pick one (queue workers take --concurrency themselves)');
  }
  const parallelism =
    flags.batch !== undefined
      ? wholeNumber('--batch', flags.batch, 1)
      : flags.queue !== undefined
        ? 8
        : threads;
  const queue = flags.queue;
  if (queue !== undefined) {
    return {
      parallelism,
      create: (portable, market, runId) =>
        createQueueRunner({
          redisUrl: queue,
          runId,
          portable,
          market,
          queueName: flags.queueName,
          parallelism,
        }),
    };
  }
  if (threads > 1) {
    return { parallelism, create: (portable, market) => createThreadRunner({ portable, market, threads }) };
  }
  return {
    parallelism,
    create: async (portable, market) => new LocalRunner(await jobContextFrom(portable, market)),
  };
}

async function runOptimizeCommand(
  store: MarketStore,
  optStore: OptimizeStore,
  config: NmrbotConfig,
  flags: Flags,
): Promise<void> {
  const choice = runnerChoice(flags);
  if (flags.space === undefined) throw new InputError('--space <file> is required to run an optimisation');
  if (!(SEARCH_KINDS as readonly string[]).includes(flags.search)) {
    throw new InputError(`--search "${flags.search}": use one of ${SEARCH_KINDS.join(', ')}`);
  }
  if (!(OBJECTIVE_NAMES as readonly string[]).includes(flags.objective)) {
    throw new InputError(`--objective "${flags.objective}": use one of ${OBJECTIVE_NAMES.join(', ')}`);
  }
  if (!fs.existsSync(flags.space)) throw new InputError(`--space: file ${flags.space} does not exist`);
  const space = parseSpace(parseYaml(fs.readFileSync(flags.space, 'utf8')), flags.space);
  const searcher = flags.search as SearchKind;
  const trials = wholeNumber('--trials', flags.trials, 1);
  const walkForward = flags.walkForward ? parseWalkForward(flags.walkForward) : undefined;
  const seed = Number(flags.seed);
  const now = Date.now();
  const spec = await preparedSpec(store, config, flags, 'opt', now);
  // The same inputs as `nmrbot backtest`: event blackouts, stored alternative data, the combiner model.
  const blackouts = spec.risk ? eventBlackouts(store, config) : undefined;
  const data = storedAltData(store, spec.from, spec.to);
  process.stderr.write(`${data.note}\n`);
  const market = loadMarketData(store, { ...spec, blackouts }, data.events);
  const strategy = portableStrategy(flags.strategy ?? config.backtest.strategy);
  const portable: PortableJobContext = {
    spec: { ...spec, blackouts },
    strategy,
    config,
    params: parseStrategyParams(flags.param ?? []),
    objective: flags.objective as ObjectiveName,
    constraints: (flags.constraint ?? []).map(parseConstraint),
  };
  const batch = choice.parallelism;
  const pboGroups = 8;
  const hash = marketHash(market);
  const key = optimizeRunKey({
    context: portable,
    space,
    searcher,
    seed,
    trials,
    batch,
    walkForward,
    pboGroups,
    marketHash: hash,
    files: filesRead(strategy, config),
  });
  const planned = plannedBacktests(market, { space, searcher, trials, walkForward });
  const bars = market.bars;
  const run = await optStore.openRun(
    key,
    {
      strategy,
      space: space.dims,
      searcher,
      seed,
      trials,
      batch,
      walkForward,
      objective: portable.objective,
      constraints: portable.constraints,
      data: {
        exchange: spec.exchange,
        symbol: spec.symbol,
        timeframe: spec.timeframe,
        from: bars.openTime[0] as number,
        to: (bars.openTime[bars.length - 1] as number) + bars.timeframeMs,
        bars: bars.length,
        synthetic: flags.synthetic === true || market.synthetic,
      },
      marketHash: hash,
      plannedBacktests: planned,
    },
    { resume: flags.resume },
  );
  const storedCount = Math.min(run.stored.size, planned);
  process.stderr.write(
    run.resumed
      ? `run ${run.runId}: resuming, ${storedCount} of ${planned} backtests already stored\n`
      : `run ${run.runId}: new\n`,
  );
  const bar = new ProgressBar({ label: 'optimize', unit: 'backtests' });
  const runner = new ResumableRunner(await choice.create(portable, market, run.runId), optStore, run);
  let report: OptimizeReport;
  try {
    report = await optimizeOnMarket(market, {
      spec: portable.spec,
      strategy,
      space,
      searcher,
      seed,
      objective: portable.objective,
      constraints: portable.constraints,
      trials,
      walkForward,
      batch,
      pboGroups,
      runner,
      // Done counts the stored backtests; the fraction (and so the ETA) only the ones run now.
      onProgress: (p) => {
        const toRun = p.total - storedCount;
        const fraction = toRun > 0 ? (p.done - runner.counts.answered) / toRun : p.done / p.total;
        bar.update({ fraction: Math.max(0, fraction), done: p.done, total: p.total });
      },
    });
  } finally {
    await runner.close();
  }
  bar.finish();
  await optStore.finishRun(run.runId);
  const { answered, ran } = runner.counts;
  process.stderr.write(`run ${run.runId}: ${ran} backtests run now, ${answered} answered from the store\n`);
  process.stdout.write(formatReport(report, flags.synthetic === true));
  if (flags.json) {
    fs.mkdirSync(path.dirname(path.resolve(flags.json)), { recursive: true });
    fs.writeFileSync(flags.json, `${JSON.stringify(report, jsonSafe, 2)}\n`);
    process.stdout.write(`JSON: ${flags.json}\n`);
  }
}

/** `rolling:2880,960,96,0` -> a walk-forward spec. */
export function parseWalkForward(text: string): WalkForwardSpec {
  const m = /^(rolling|anchored):(\d+),(\d+)(?:,(\d+))?(?:,(\d+))?$/.exec(text.trim());
  if (!m)
    throw new InputError(
      `--walk-forward "${text}": expected rolling|anchored:IS,OOS[,purge[,embargo]] in bars`,
    );
  return {
    mode: m[1] as 'rolling' | 'anchored',
    inSampleBars: Number(m[2]),
    outOfSampleBars: Number(m[3]),
    purgeBars: Number(m[4] ?? 0),
    embargoBars: Number(m[5] ?? 0),
  };
}

/** JSON without the per-trial curves (the stitched curve stays), infinities as text. */
function jsonSafe(key: string, value: unknown): unknown {
  if (key === 'dailyReturns') return undefined;
  if (key === 'equity' && !Array.isArray(value)) return undefined;
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

function fmt(x: number | undefined, digits = 4): string {
  return x === undefined ? '-' : Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

function searchLines(s: SearchReport): string[] {
  const rejected = s.trials.filter((t) => t.score === -Infinity).length;
  const lines = [
    `  trials ${s.trials.length} (${rejected} rejected), best ${s.best ? JSON.stringify(s.best.params) : 'none'} score ${fmt(s.best?.score)}`,
  ];
  const d = s.diagnostics;
  if (d) {
    lines.push(
      `  deflated Sharpe ${fmt(d.deflatedSharpe)} (best daily SR ${fmt(d.bestDailySharpe)} vs ${fmt(d.expectedMaxDailySharpe)} expected from ${d.trials} trials), PBO ${fmt(d.pbo)}`,
    );
  }
  return lines;
}

export function formatReport(report: OptimizeReport, synthetic: boolean): string {
  const title = `${synthetic ? '[SYNTHETIC] ' : ''}Optimize`;
  const out = [title];
  if (report.search) out.push(...searchLines(report.search));
  for (const step of report.walkForward?.steps ?? []) {
    const w = step.window;
    out.push(
      `window ${w.index}: IS ${isoTime(w.inSample.from)} .. ${isoTime(w.inSample.to)}, OOS ${isoTime(w.outOfSample.from)} .. ${isoTime(w.outOfSample.to)}`,
      ...searchLines(step.inSample),
      `  OOS score ${fmt(step.outOfSample?.score)}, return ${fmt(step.outOfSample?.metrics?.totalReturn)}`,
    );
  }
  const st = report.walkForward?.stitched;
  if (st && st.equity.length > 0) {
    out.push(
      `stitched OOS equity: ${fmt(st.equity[0], 2)} -> ${fmt(st.equity[st.equity.length - 1], 2)} over ${st.equity.length} bars`,
    );
  }
  return `${out.join('\n')}\n`;
}
