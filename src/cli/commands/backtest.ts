import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type BacktestResult, runBacktest } from '../../backtest/index.js';
import type { MarketStore } from '../../data/index.js';
import { type Journal, JournalWriter, openJournal } from '../../journal/index.js';
import { formatSummary, resultToJson, writeHtmlReport } from '../../report/index.js';
import { AdaptiveWeights } from '../../research/review/index.js';
import { loadStrategy } from '../../strategy/index.js';
import { COMBINER_MODEL_PARAM } from '../../strategy/playbook/nmr-playbook.js';
import type { NmrbotConfig } from '../../config/index.js';
import {
  WEIGHTS_PARAM,
  recordWeightReviews,
  weightReplayFor,
  withWeightReviews,
} from '../backtest/adapt-weights.js';
import type { BacktestFlags } from '../backtest/backtest-spec.js';
import { loadCombinerModel } from '../../research/model/index.js';
import { eventBlackouts } from '../backtest/event-calendar.js';
import { storedAltData } from '../backtest/stored-alt-data.js';
import { collect, parseStrategyParams } from '../backtest/strategy-params.js';
import { preparedSpec } from '../backtest/run-spec.js';
import { configForCommand, withStore } from '../context.js';
import { ProgressBar } from '../progress.js';

/** `nmrbot backtest`: run a strategy over stored history (downloading it first when missing). */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'backtest a strategy on stored NMR perp history (downloads what is missing), or on a generated market with --synthetic',
    )
    .option(
      '--strategy <name|file>',
      'built-in name (nmr-playbook, ema-cross) or a .ts/.js file (default: backtest.strategy)',
    )
    .option('--from <when>', 'start: a date (2025-01-01) or a look-back (18mo) (default: data.history)')
    .option('--to <when>', 'end (exclusive), a date or a look-back (default: now)')
    .option('--timeframe <tf>', 'bar timeframe the strategy sees (default: backtest.timeframe, 15m)')
    .option('--json <file>', 'write the full result as JSON')
    .option('--report <file>', 'write the HTML report here (default: reports/<run>.html)')
    .option('--synthetic', 'run on a generated market (labelled SYNTHETIC), no data or network needed')
    .option('--days <n>', 'with --synthetic: days to generate', '90')
    .option('--seed <n>', 'with --synthetic: generator seed', '1')
    .option('--no-download', 'never download: use only what the store holds')
    .option('--leverage <x>', 'leverage for positions the strategy opens (default: backtest.leverage)')
    .option('--balance <usdt>', 'starting wallet in USDT (default: backtest.initialBalance)')
    .option('--base-url <url>', 'download through this base URL (a proxy or a local exchange double)')
    .option('--no-risk', 'run without the risk engine (orders go to the venue as the strategy sized them)')
    .option(
      '--adapt-weights',
      'replay the weekly review in the run: every journal.review.intervalDays, re-weight the signal families from what was known then (nmr-playbook)',
    )
    .option(
      '--param <name=value>',
      'a strategy parameter, repeatable (e.g. --param fast=8 --param slow=21)',
      collect,
    )
    .action(async (flags: Flags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      await withStore(cmd, async (store) => {
        const journal = await openJournal(config.journal.url, () => store.db);
        try {
          await runBacktestCommand(store, journal, config, flags);
        } finally {
          await journal.close();
        }
      });
    });
}

type Flags = BacktestFlags & { adaptWeights?: boolean };

async function runBacktestCommand(
  store: MarketStore,
  journaled: Journal,
  config: NmrbotConfig,
  flags: Flags,
): Promise<void> {
  const now = Date.now();
  const spec = await preparedSpec(store, config, flags, 'bt', now);
  const strategyParams = parseStrategyParams(flags.param ?? []);
  const adaptive = flags.adaptWeights ? new AdaptiveWeights(config.signals.weights) : undefined;
  const combinerModel = await loadCombinerModel(config.signals.combiner);
  const strategy = await loadStrategy(flags.strategy ?? config.backtest.strategy, {
    ...strategyParams,
    config,
    ...(adaptive ? { [WEIGHTS_PARAM]: adaptive.read } : {}),
    [COMBINER_MODEL_PARAM]: combinerModel,
  });
  const blackouts = spec.risk ? eventBlackouts(store, config) : undefined;
  const data = storedAltData(store, spec.from, spec.to);
  process.stderr.write(`${data.note}\n`);
  const trades = journaled.trades;
  const journal = new JournalWriter(trades);
  const runId = await journal.startRun({
    kind: 'backtest',
    strategy: strategy.name,
    exchange: spec.exchange,
    symbol: spec.symbol,
    timeframe: spec.timeframe,
    config: { ...spec, strategyParams, ...(adaptive ? { adaptWeights: true } : {}) },
    synthetic: flags.synthetic === true,
  });
  const reviewer = adaptive && weightReplayFor(config, runId, adaptive);
  const bar = new ProgressBar({ label: 'backtest', unit: 'bars' });
  const result = runBacktest(store, {
    ...spec,
    blackouts,
    data: data.events,
    strategy,
    observer: journal,
    reviewer,
    onProgress: (done, total) => bar.update({ fraction: done / total, done, total }),
  });
  bar.finish();
  await journal.finishRun(result);
  const weightPath =
    reviewer && (await recordWeightReviews(journaled.changes, runId, result, config.signals.weights));
  writeOutputs(result, flags, config, runId, await trades.fundingPayments(runId), weightPath);
}

function writeOutputs(
  result: BacktestResult,
  flags: BacktestFlags,
  config: NmrbotConfig,
  runId: string,
  fundingPayments: readonly { time: number; cashflow: number }[],
  weightPath?: string,
): void {
  process.stdout.write(`${formatSummary(result)}\n`);
  if (weightPath) process.stdout.write(`${weightPath}\n`);
  if (flags.json) {
    fs.mkdirSync(path.dirname(path.resolve(flags.json)), { recursive: true });
    fs.writeFileSync(
      flags.json,
      `${JSON.stringify(withWeightReviews(resultToJson(result), result), null, 2)}\n`,
    );
    process.stdout.write(`JSON:    ${flags.json}\n`);
  }
  const dir = flags.report ? path.dirname(flags.report) : config.backtest.reportsDir;
  const runName = flags.report ? path.basename(flags.report).replace(/\.html?$/i, '') : runId;
  const html = writeHtmlReport(result, dir, { fundingPayments, runName });
  process.stdout.write(`report:  ${html}\njournal: run ${runId} in the store\n`);
}
