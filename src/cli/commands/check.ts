import type { Command } from 'commander';
import { DAY_MS, InputError, isoTime, timeframeMs } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import type { DataEvent } from '../../strategy/index.js';
import {
  DEFAULT_SYNTH_START,
  type MarketStore,
  SYNTHETIC_EXCHANGE,
  SYNTHETIC_SYMBOL,
  syntheticTitle,
} from '../../data/index.js';
import {
  DEFAULT_CUTS,
  formatLookaheadReport,
  LookaheadCheckFailedError,
  playbookSignalSet,
  runLookaheadCheck,
  storedEventStream,
  syntheticFeedEvents,
} from '../../research/lookahead/index.js';
import { parseWhen, specFromConfig } from '../backtest/backtest-spec.js';
import { storedAltData } from '../backtest/stored-alt-data.js';
import { configForCommand, withStore } from '../context.js';
import { runSynth } from './data-synth.js';

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
      'check that no playbook signal reads data from after its reading time (cuts) or older than its declared warm-up (cold starts)',
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
      await withStore(cmd, (store) => runLookaheadCommand(store, config, flags));
    });
}

function wholeNumber(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new InputError(`${flag} must be a whole number >= ${min}, got "${text}"`);
  return n;
}

function runLookaheadCommand(store: MarketStore, config: NmrbotConfig, flags: LookaheadFlags): void {
  const now = Date.now();
  const cuts = wholeNumber('--cuts', flags.cuts, 1);
  const seed = wholeNumber('--seed', flags.seed, 0);
  const when = (flag: string, text: string | undefined): number | undefined =>
    text === undefined ? undefined : parseWhen(flag, text, now);
  let market: { exchange: string; symbol: string; from?: number | undefined; to?: number | undefined };
  if (flags.synthetic) {
    const days = wholeNumber('--days', flags.days, 1);
    const exchange = `${SYNTHETIC_EXCHANGE}-la-${seed}-${days}d`;
    runSynth(store, {
      days: String(days),
      seed: String(seed),
      start: isoTime(DEFAULT_SYNTH_START).slice(0, 10),
      exchange,
      symbol: SYNTHETIC_SYMBOL,
    });
    market = {
      exchange,
      symbol: SYNTHETIC_SYMBOL,
      from: when('--from', flags.from),
      to: when('--to', flags.to),
    };
  } else {
    const from = parseWhen('--from', flags.from ?? config.data.history, now);
    const to = when('--to', flags.to) ?? now;
    if (to <= from) throw new InputError(`--to (${isoTime(to)}) must be after --from (${isoTime(from)})`);
    market = { exchange: config.exchange.id, symbol: config.exchange.symbol, from, to };
  }
  const spec = specFromConfig(
    config,
    { timeframe: flags.timeframe, risk: false, days: flags.days, seed: flags.seed, download: false },
    market,
  );
  const data = flags.synthetic
    ? syntheticFeedEvents(DEFAULT_SYNTH_START, DEFAULT_SYNTH_START + Number(flags.days) * DAY_MS, seed)
    : storedFeeds(store, spec.from, spec.to);
  const { stream, synthetic } = storedEventStream(store, spec, data);
  const factory = playbookSignalSet(config.signals, timeframeMs(spec.timeframe));
  const report = runLookaheadCheck(factory, stream, { cuts, seed });
  const title = syntheticTitle(
    `look-ahead check: PlaybookSignals on ${spec.exchange} ${spec.symbol} ${spec.timeframe}`,
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

/** The stored feed data a backtest of the span would replay, saying on stderr what each feed holds. */
function storedFeeds(store: MarketStore, from: number | undefined, to: number | undefined): DataEvent[] {
  const stored = storedAltData(store, from, to);
  process.stderr.write(`${stored.note}\n`);
  return stored.events;
}
