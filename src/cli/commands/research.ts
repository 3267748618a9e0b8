import path from 'node:path';
import fs from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import type { MarketStore } from '../../data/index.js';
import { storedEventStream } from '../../research/lookahead/index.js';
import {
  DEFAULT_CLAIM_OPTIONS,
  DEFAULT_HORIZONS_HOURS,
  formatResearch,
  researchJson,
  researchRunName,
  runResearch,
  writeResearchHtml,
} from '../../research/report/index.js';
import { specFromConfig } from '../backtest/backtest-spec.js';
import { chooseMarket, replayedFeeds, wholeNumber } from '../backtest/market.js';
import { configForCommand, withStore } from '../context.js';

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
  const market = chooseMarket(store, config, flags, 'research', now);
  const spec = specFromConfig(
    config,
    { timeframe: flags.timeframe, risk: false, days: flags.days, seed: flags.seed, download: false },
    market,
  );
  const data = replayedFeeds(store, flags, spec);
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
