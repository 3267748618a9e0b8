import fs from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../core/index.js';
import { MarketStore } from '../../data/index.js';
import {
  type CellTable,
  type RiskFilter,
  type TradeFilter,
  type TradeStore,
  findRiskDecisions,
  findTrades,
  openTradeStore,
  riskTable,
  runsTable,
  toCsv,
  toText,
  tradesTable,
} from '../../journal/index.js';
import { parseWhen } from '../backtest/backtest-spec.js';
import { configForCommand } from '../context.js';

interface OutputFlags {
  csv?: string;
}
interface RunsFlags extends OutputFlags {
  kind?: string;
}
interface TradesFlags extends OutputFlags {
  run?: string;
  from?: string;
  to?: string;
  side?: string;
  signalType?: string;
  exitReason?: string;
  weekday?: boolean;
  weekend?: boolean;
  origin?: string;
}
interface RiskFlags extends OutputFlags {
  run?: string;
  rule?: string;
  origin?: string;
}

/** `nmrbot journal`: lists runs, trades and risk decisions of the journal (`journal.url`), and exports CSV. */
export function registerJournalCommand(program: Command): void {
  const journal = program
    .command('journal')
    .description(
      'the trade journal (journal.url, else the store): runs, trades, risk decisions; --csv exports',
    );
  journal
    .command('runs')
    .description('journaled runs, newest first')
    .option('--kind <kind>', 'backtest, paper or live')
    .option('--csv <file>', 'write the rows to this CSV file (RFC 4180) instead of printing them')
    .action(async (flags: RunsFlags, cmd: Command) => {
      const kind = oneOf('--kind', flags.kind, ['backtest', 'paper', 'live'] as const);
      await withJournal(cmd, async (store) =>
        emit(runsTable(await store.listRuns(kind === undefined ? {} : { kind })), flags, 'runs'),
      );
    });
  journal
    .command('trades')
    .description('closed trades with their exit reason, costs, origin and operator notes')
    .option('--run <id>', 'one run (default: every run, newest first)')
    .option('--from <date>', 'entries at or after this date (2025-01-01) or look-back (30d)')
    .option('--to <date>', 'entries before this date or look-back')
    .option('--side <side>', 'long or short')
    .option('--signal-type <type>', 'entry signal type (momentum, funding_reversion, ...)')
    .option('--exit-reason <reason>', 'exit reason (stop_loss, time_exit, liquidation, ...)')
    .option('--weekday', 'entries Monday to Friday (UTC) only')
    .option('--weekend', 'entries on Saturday or Sunday (UTC) only')
    .option('--origin <origin>', 'auto or manual')
    .option('--csv <file>', 'write the rows to this CSV file (RFC 4180) instead of printing them')
    .action(async (flags: TradesFlags, cmd: Command) => {
      const filter = tradeFilter(flags);
      await withJournal(cmd, async (store) =>
        emit(tradesTable(await findTrades(store, filter)), flags, 'trades'),
      );
    });
  journal
    .command('risk')
    .description('risk decisions: refusals, resizes, halts and flattens with their rule and numbers')
    .option('--run <id>', 'one run (default: every run, newest first)')
    .option('--rule <rule>', 'one rule (margin_cap, thin_hours, weekend_manual, ...)')
    .option('--origin <origin>', 'auto or manual')
    .option('--csv <file>', 'write the rows to this CSV file (RFC 4180) instead of printing them')
    .action(async (flags: RiskFlags, cmd: Command) => {
      const filter: RiskFilter = {
        ...(flags.run === undefined ? {} : { run: flags.run }),
        ...(flags.rule === undefined ? {} : { rule: flags.rule }),
        ...optional('origin', oneOf('--origin', flags.origin, ['auto', 'manual'] as const)),
      };
      await withJournal(cmd, async (store) =>
        emit(riskTable(await findRiskDecisions(store, filter)), flags, 'risk decisions'),
      );
    });
}

function tradeFilter(flags: TradesFlags): TradeFilter {
  if (flags.weekday && flags.weekend) throw new InputError('--weekday and --weekend exclude each other');
  const now = Date.now();
  return {
    ...(flags.run === undefined ? {} : { run: flags.run }),
    ...(flags.from === undefined ? {} : { from: parseWhen('--from', flags.from, now) }),
    ...(flags.to === undefined ? {} : { to: parseWhen('--to', flags.to, now) }),
    ...optional('side', oneOf('--side', flags.side, ['long', 'short'] as const)),
    ...(flags.signalType === undefined ? {} : { signalType: flags.signalType }),
    ...(flags.exitReason === undefined ? {} : { exitReason: flags.exitReason }),
    ...(flags.weekday ? { day: 'weekday' as const } : {}),
    ...(flags.weekend ? { day: 'weekend' as const } : {}),
    ...optional('origin', oneOf('--origin', flags.origin, ['auto', 'manual'] as const)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function oneOf<T extends string>(
  flag: string,
  text: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new InputError(`${flag} must be ${allowed.join(' or ')}, got "${text}"`);
}

/** Prints the table, or writes it as CSV and says where. */
function emit(table: CellTable, flags: OutputFlags, what: string): void {
  if (flags.csv !== undefined) {
    fs.writeFileSync(flags.csv, toCsv(table));
    process.stdout.write(`wrote ${table.rows.length} ${what} to ${flags.csv}\n`);
    return;
  }
  if (table.rows.length === 0) {
    process.stdout.write(`no ${what}\n`);
    return;
  }
  process.stdout.write(`${toText(table)}\n`);
}

/** Opens the journal `journal.url` names (else the market store), runs `fn` and closes what it opened. */
async function withJournal(cmd: Command, fn: (store: TradeStore) => Promise<void>): Promise<void> {
  const { config } = configForCommand(cmd);
  let market: MarketStore | undefined;
  const store = await openTradeStore(config.journal.url, () => {
    market = MarketStore.open(config.store.path);
    return market.db;
  });
  try {
    await fn(store);
  } finally {
    await store.close();
    market?.close();
  }
}
