import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { InputError, isoTime } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import type { MarketStore } from '../../data/index.js';
import { COMBINER_MODEL_PARAM } from '../../strategy/playbook/nmr-playbook.js';
import {
  OBJECTIVE_NAMES,
  type ObjectiveName,
  type OptimizeReport,
  SEARCH_KINDS,
  type SearchKind,
  type SearchReport,
  type WalkForwardSpec,
  optimize,
  parseConstraint,
  parseSpace,
} from '../../optimize/index.js';
import type { BacktestFlags } from '../backtest/backtest-spec.js';
import { loadCombinerModel } from '../../research/model/index.js';
import { eventBlackouts } from '../backtest/event-calendar.js';
import { storedAltData } from '../backtest/stored-alt-data.js';
import { wholeNumber } from '../backtest/market.js';
import { collect, parseStrategyParams } from '../backtest/strategy-params.js';
import { preparedSpec } from '../backtest/run-spec.js';
import { configForCommand, withStore } from '../context.js';
import { ProgressBar } from '../progress.js';

type Flags = BacktestFlags & {
  space: string;
  search: string;
  trials: string;
  objective: string;
  constraint?: string[];
  walkForward?: string;
};

/** `nmrbot optimize`: search a parameter space with backtests, optionally walking forward. */
export function registerOptimizeCommand(program: Command): void {
  program
    .command('optimize')
    .description(
      'search strategy parameters and config values with backtests (grid, random or TPE), with walk-forward',
    )
    .requiredOption('--space <file>', 'parameter space, YAML or JSON (see docs/optimize.md)')
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
    .action(async (flags: Flags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      await withStore(cmd, (store) => runOptimizeCommand(store, config, flags));
    });
}

async function runOptimizeCommand(store: MarketStore, config: NmrbotConfig, flags: Flags): Promise<void> {
  if (!(SEARCH_KINDS as readonly string[]).includes(flags.search)) {
    throw new InputError(`--search "${flags.search}": use one of ${SEARCH_KINDS.join(', ')}`);
  }
  if (!(OBJECTIVE_NAMES as readonly string[]).includes(flags.objective)) {
    throw new InputError(`--objective "${flags.objective}": use one of ${OBJECTIVE_NAMES.join(', ')}`);
  }
  if (!fs.existsSync(flags.space)) throw new InputError(`--space: file ${flags.space} does not exist`);
  const space = parseSpace(parseYaml(fs.readFileSync(flags.space, 'utf8')), flags.space);
  const now = Date.now();
  const spec = await preparedSpec(store, config, flags, 'opt', now);
  // The same inputs as `nmrbot backtest`: event blackouts, stored alternative data, the combiner model.
  const blackouts = spec.risk ? eventBlackouts(store, config) : undefined;
  const data = storedAltData(store, spec.from, spec.to);
  process.stderr.write(`${data.note}\n`);
  const combinerModel = await loadCombinerModel(config.signals.combiner);
  const bar = new ProgressBar({ label: 'optimize', unit: 'backtests' });
  const report = await optimize({
    store,
    spec: { ...spec, blackouts },
    data: data.events,
    strategy: flags.strategy ?? config.backtest.strategy,
    space,
    searcher: flags.search as SearchKind,
    seed: Number(flags.seed),
    objective: flags.objective as ObjectiveName,
    constraints: (flags.constraint ?? []).map(parseConstraint),
    trials: wholeNumber('--trials', flags.trials, 1),
    walkForward: flags.walkForward ? parseWalkForward(flags.walkForward) : undefined,
    base: {
      config,
      params: { ...parseStrategyParams(flags.param ?? []), [COMBINER_MODEL_PARAM]: combinerModel },
    },
    onProgress: (p) => bar.update({ fraction: p.done / p.total, done: p.done, total: p.total }),
  });
  bar.finish();
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
