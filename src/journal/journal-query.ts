import { InputError, isoTime } from '../core/index.js';
import { isWeekendUtc } from '../risk/index.js';
import type { CellTable } from './journal-csv.js';
import type { JournalReader, JournalRiskDecision, JournalTrade, RunRecord } from './journal.types.js';

/** Which trades `nmrbot journal trades` shows; every filter left undefined lets all through. */
export interface TradeFilter {
  /** One run; undefined: every run, newest first. */
  readonly run?: string;
  /** Entry at or after this time (epoch ms). */
  readonly from?: number;
  /** Entry before this time (epoch ms). */
  readonly to?: number;
  readonly side?: 'long' | 'short';
  readonly signalType?: string;
  readonly exitReason?: string;
  /** Entries on a weekday, or at the weekend (Saturday and Sunday, UTC). */
  readonly day?: 'weekday' | 'weekend';
  readonly origin?: 'auto' | 'manual';
}

export interface RiskFilter {
  readonly run?: string;
  readonly rule?: string;
  readonly origin?: 'auto' | 'manual';
}

/** A journaled row with the run it belongs to. */
export interface InRun<T> {
  readonly run: RunRecord;
  readonly row: T;
}

async function runsFor(journal: JournalReader, id: string | undefined): Promise<RunRecord[]> {
  if (id === undefined) return journal.listRuns();
  const run = await journal.run(id);
  if (!run) throw new InputError(`--run: no journal run "${id}" (see nmrbot journal runs)`);
  return [run];
}

export function tradeMatches(t: JournalTrade, f: TradeFilter): boolean {
  if (f.from !== undefined && t.entryTime < f.from) return false;
  if (f.to !== undefined && t.entryTime >= f.to) return false;
  if (f.side !== undefined && t.side !== f.side) return false;
  if (f.signalType !== undefined && t.signalType !== f.signalType) return false;
  if (f.exitReason !== undefined && t.exitReason !== f.exitReason) return false;
  if (f.day !== undefined && isWeekendUtc(t.entryTime) !== (f.day === 'weekend')) return false;
  if (f.origin !== undefined && t.origin !== f.origin) return false;
  return true;
}

/** The trades that pass `filter`, run by run (newest run first), by trade id within a run. */
export async function findTrades(
  journal: JournalReader,
  filter: TradeFilter,
): Promise<InRun<JournalTrade>[]> {
  const out: InRun<JournalTrade>[] = [];
  for (const run of await runsFor(journal, filter.run)) {
    for (const row of await journal.trades(run.id)) if (tradeMatches(row, filter)) out.push({ run, row });
  }
  return out;
}

/** The risk decisions that pass `filter`, run by run (newest run first), in the order they were made. */
export async function findRiskDecisions(
  journal: JournalReader,
  filter: RiskFilter,
): Promise<InRun<JournalRiskDecision>[]> {
  const out: InRun<JournalRiskDecision>[] = [];
  for (const run of await runsFor(journal, filter.run)) {
    for (const row of await journal.riskDecisions(run.id)) {
      if (filter.rule !== undefined && row.rule !== filter.rule) continue;
      if (filter.origin !== undefined && row.origin !== filter.origin) continue;
      out.push({ run, row });
    }
  }
  return out;
}

/** A number as a cell: JavaScript's shortest exact form; NaN (unknown) as an empty cell. */
function num(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '' : String(x);
}

function time(t: number | undefined): string {
  return t === undefined ? '' : isoTime(t);
}

export function runsTable(runs: readonly RunRecord[]): CellTable {
  return {
    header: ['id', 'kind', 'strategy', 'exchange', 'symbol', 'timeframe', 'started', 'finished', 'synthetic'],
    rows: runs.map((r) => [
      r.id,
      r.kind,
      r.strategy,
      r.exchange,
      r.symbol,
      r.timeframe,
      time(r.startedAt),
      time(r.finishedAt),
      r.synthetic ? 'yes' : 'no',
    ]),
  };
}

export function tradesTable(trades: readonly InRun<JournalTrade>[]): CellTable {
  return {
    header: [
      'run',
      'trade',
      'side',
      'signal_type',
      'entry_time',
      'entry_price',
      'exit_time',
      'exit_price',
      'quantity',
      'leverage',
      'exit_reason',
      'gross_pnl',
      'fees',
      'funding',
      'slippage_cost',
      'net_pnl',
      'day',
      'origin',
      'regime',
      'operator_note',
      'mood',
      'confidence',
    ],
    rows: trades.map(({ run, row: t }) => [
      run.id,
      String(t.id),
      t.side,
      t.signalType,
      time(t.entryTime),
      num(t.entryPrice),
      time(t.exitTime),
      num(t.exitPrice),
      num(t.quantity),
      num(t.leverage),
      t.exitReason,
      num(t.grossPnl),
      num(t.fees),
      num(t.funding),
      num(t.slippageCost),
      num(t.netPnl),
      isWeekendUtc(t.entryTime) ? 'weekend' : 'weekday',
      t.origin,
      t.regime ?? '',
      t.operatorNote ?? '',
      t.mood ?? '',
      num(t.confidence),
    ]),
  };
}

export function riskTable(decisions: readonly InRun<JournalRiskDecision>[]): CellTable {
  return {
    header: ['run', 'seq', 'time', 'symbol', 'rule', 'outcome', 'origin', 'message', 'numbers'],
    rows: decisions.map(({ run, row: d }) => [
      run.id,
      String(d.seq),
      time(d.time),
      d.symbol,
      d.rule,
      d.outcome,
      d.origin,
      d.message,
      JSON.stringify(d.numbers, (_k, v: unknown) =>
        typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
      ),
    ]),
  };
}
