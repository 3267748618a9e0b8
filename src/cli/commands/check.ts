import type { Command } from 'commander';
import { timeframeMs } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import { type MarketStore, syntheticTitle } from '../../data/index.js';
import {
  DEFAULT_CUTS,
  formatLookaheadReport,
  LookaheadCheckFailedError,
  playbookCombinerSet,
  playbookSignalSet,
  runLookaheadCheck,
  storedEventStream,
} from '../../research/lookahead/index.js';
import { combinerRescore, type CombinerModel } from '../../strategy/playbook/model-combiner.js';
import { specFromConfig } from '../backtest/backtest-spec.js';
import { loadCombinerModel } from '../../research/model/index.js';
import { chooseMarket, replayedFeeds, wholeNumber } from '../backtest/market.js';
import { configForCommand, withStore } from '../context.js';

interface LookaheadFlags {
  timeframe?: string;
  from?: string;
  to?: string;
  cuts: string;
  seed: string;
  synthetic?: boolean;
  days: string;
}

/** `nmrbot check ...`: checks of the research tooling (the look-ahead check of the signals). */
export function registerCheckCommands(program: Command): void {
  const check = program.command('check').description('checks of the signals: look-ahead and warm-up');
  check
    .command('lookahead')
    .description(
      'check that no playbook signal (nor the combiner model, when configured) reads data from after its reading time (cuts) or older than its declared warm-up (cold starts)',
    )
    .option('--timeframe <tf>', 'bar timeframe the signals see (default: backtest.timeframe, 15m)')
    .option('--from <when>', 'start: a date (2025-01-01) or a look-back (18mo) (default: data.history)')
    .option('--to <when>', 'end (exclusive), a date or a look-back (default: now)')
    .option(
      '--cuts <n>',
      'cut points compared (half evenly spread, half drawn from --seed)',
      String(DEFAULT_CUTS),
    )
    .option('--seed <n>', 'seed of the random cuts (and of the --synthetic market)', '1')
    .option('--synthetic', 'check on a generated market with generated feed data (labelled SYNTHETIC)')
    .option('--days <n>', 'with --synthetic: days to generate', '90')
    .action(async (flags: LookaheadFlags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      const combinerModel = await loadCombinerModel(config.signals.combiner);
      await withStore(cmd, (store) => runLookaheadCommand(store, config, flags, combinerModel));
    });
}

function runLookaheadCommand(
  store: MarketStore,
  config: NmrbotConfig,
  flags: LookaheadFlags,
  combinerModel: CombinerModel | undefined,
): void {
  const now = Date.now();
  const cuts = wholeNumber('--cuts', flags.cuts, 1);
  const seed = wholeNumber('--seed', flags.seed, 0);
  const market = chooseMarket(store, config, flags, 'la', now);
  const spec = specFromConfig(
    config,
    { timeframe: flags.timeframe, risk: false, days: flags.days, seed: flags.seed, download: false },
    market,
  );
  const data = replayedFeeds(store, flags, spec);
  const { stream, synthetic } = storedEventStream(store, spec, data);
  const barMs = timeframeMs(spec.timeframe);
  const rescore = combinerRescore(config.signals.combiner, combinerModel);
  const factory = rescore
    ? playbookCombinerSet(config.signals, barMs, () => rescore)
    : playbookSignalSet(config.signals, barMs);
  const report = runLookaheadCheck(factory, stream, { cuts, seed });
  const checked = combinerModel
    ? `PlaybookSignals and the ${combinerModel.model.kind} model (signals.combiner.mode ${config.signals.combiner.mode})`
    : 'PlaybookSignals';
  const title = syntheticTitle(
    `look-ahead check: ${checked} on ${spec.exchange} ${spec.symbol} ${spec.timeframe}`,
    synthetic || flags.synthetic === true,
  );
  process.stdout.write(`${formatLookaheadReport(report, title)}\n`);
  if (!report.ok) {
    const failed = report.signals.filter((s) => !s.ok).map((s) => s.signal);
    throw new LookaheadCheckFailedError(
      `look-ahead check failed for ${failed.join(', ')} (see the table above)`,
    );
  }
}
