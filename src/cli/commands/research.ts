import path from 'node:path';
import fs from 'node:fs';
import type { Command } from 'commander';
import { DAY_MS, InputError, isoTime } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import type { DataEvent } from '../../strategy/index.js';
import {
  DEFAULT_SYNTH_START,
  type MarketStore,
  SYNTHETIC_EXCHANGE,
  SYNTHETIC_SYMBOL,
} from '../../data/index.js';
import { storedEventStream, syntheticFeedEvents } from '../../research/lookahead/index.js';
import {
  DEFAULT_CLAIM_OPTIONS,
  DEFAULT_HORIZONS_HOURS,
  formatResearch,
  researchJson,
  researchRunName,
  runResearch,
  writeResearchHtml,
} from '../../research/report/index.js';
import { parseWhen, specFromConfig } from '../backtest/backtest-spec.js';
import { storedAltData } from '../backtest/stored-alt-data.js';
import { configForCommand, withStore } from '../context.js';
import { runSynth } from './data-synth.js';

interface ResearchFlags {
  timeframe?: string;
  from?: string;
  to?: string;
  horizons: string;
  json?: string;
  report?: string;
  synthetic?: boolean;
  days: string;
  seed: string;
}

/** `nmrbot research`: the signal study (IC decay, hit rates) and the playbook's claims, with CIs. */
export function registerResearchCommand(program: Command): void {
  program
    .command('research')
    .description(
      'signal study (Spearman IC and hit rate of each playbook signal by horizon) and the playbook claims tested on stored data, with 95% CIs',
    )
    .option('--timeframe <tf>', 'bar timeframe the signals see (default: backtest.timeframe, 15m)')
    .option('--from <when>', 'start: a date (2025-01-01) or a look-back (18mo) (default: data.history)')
    .option('--to <when>', 'end (exclusive), a date or a look-back (default: now)')
    .option(
      '--horizons <list>',
      'forward-return horizons, comma separated (m, h or d)',
      DEFAULT_HORIZONS_HOURS.map((h) => `${h}h`).join(','),
    )
    .option('--json <file>', 'also write the results as JSON')
    .option('--report <file>', 'write the HTML report here (default: reports/<run>.html)')
    .option('--synthetic', 'study a generated market with generated feed data (labelled SYNTHETIC)')
    .option('--days <n>', 'with --synthetic: days to generate', '90')
    .option('--seed <n>', 'seed of the --synthetic market and of the bootstrap', '1')
    .action(async (flags: ResearchFlags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      await withStore(cmd, (store) => runResearchCommand(store, config, flags));
    });
}

function wholeNumber(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new InputError(`${flag} must be a whole number >= ${min}, got "${text}"`);
  return n;
}

/** `1h,4h,90m,3d` as hours. */
export function parseHorizons(text: string): number[] {
  const unit = { m: 1 / 60, h: 1, d: 24 } as const;
  const hours = text.split(',').map((part) => {
    const m = /^(\d+)([mhd])$/.exec(part.trim());
    if (!m) throw new InputError(`--horizons: "${part}" is not a horizon such as 4h, 90m or 3d`);
    return Number(m[1]) * unit[m[2] as keyof typeof unit];
  });
  if (hours.some((h) => !(h > 0))) throw new InputError('--horizons must all be positive');
  return hours;
}

function runResearchCommand(store: MarketStore, config: NmrbotConfig, flags: ResearchFlags): void {
  const now = Date.now();
  const seed = wholeNumber('--seed', flags.seed, 0);
  const horizonsHours = parseHorizons(flags.horizons);
  const when = (flag: string, text: string | undefined): number | undefined =>
    text === undefined ? undefined : parseWhen(flag, text, now);
  let market: { exchange: string; symbol: string; from?: number | undefined; to?: number | undefined };
  if (flags.synthetic) {
    const days = wholeNumber('--days', flags.days, 1);
    const exchange = `${SYNTHETIC_EXCHANGE}-research-${seed}-${days}d`;
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
  let data: DataEvent[];
  if (flags.synthetic) {
    data = syntheticFeedEvents(DEFAULT_SYNTH_START, DEFAULT_SYNTH_START + Number(flags.days) * DAY_MS, seed);
  } else {
    const stored = storedAltData(store, spec.from, spec.to);
    process.stderr.write(`${stored.note}\n`);
    data = stored.events;
  }
  const { stream, synthetic } = storedEventStream(store, spec, data);
  const report = runResearch({
    stream,
    signals: config.signals,
    horizonsHours,
    claims: { ...DEFAULT_CLAIM_OPTIONS, threshold: config.signals.fundingExtremePer8h, seed },
    market: { exchange: spec.exchange, symbol: spec.symbol, timeframe: spec.timeframe },
    synthetic: synthetic || flags.synthetic === true,
  });
  process.stdout.write(`${formatResearch(report)}\n`);
  if (flags.json) {
    fs.mkdirSync(path.dirname(flags.json), { recursive: true });
    fs.writeFileSync(flags.json, researchJson(report));
    process.stdout.write(`JSON written to ${flags.json}\n`);
  }
  const file = flags.report ?? path.join(config.backtest.reportsDir, `${researchRunName(report)}.html`);
  writeResearchHtml(report, file);
  process.stdout.write(`HTML report written to ${file}\n`);
}
