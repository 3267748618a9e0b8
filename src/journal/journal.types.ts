import type { Fill, OrderState } from '../core/index.js';
import type { Decision, TradeRecord } from '../kernel/index.js';
import type { RiskDecision } from '../risk/index.js';

/** What produced a run: a backtest, paper trading (live data, simulated venue) or live trading. */
export const RunKind = { Backtest: 'backtest', Paper: 'paper', Live: 'live' } as const;
export type RunKind = (typeof RunKind)[keyof typeof RunKind];

/** What `JournalWriter.startRun` needs to know about a run before it starts. */
export interface RunMeta {
  readonly kind: RunKind;
  readonly strategy: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  /** The run's configuration (for a backtest: its `BacktestSpec`); stored as JSON. */
  readonly config?: unknown;
  /** True when any input is generated data (also set by `finishRun` from the result). */
  readonly synthetic?: boolean;
  /** Use this id as is. */
  readonly id?: string;
  /**
   * Derive the id from the inputs: `<prefix>-<hash of kind, strategy, market and config>-<n>`, where
   * n counts the runs already journaled with that hash (1 for the first). Default: a random id.
   */
  readonly deterministic?: boolean;
}

/** A journaled run as read back. */
export interface RunRecord {
  readonly id: string;
  readonly kind: RunKind;
  readonly strategy: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly startedAt: number;
  /** Undefined while the run is going (or if it crashed). */
  readonly finishedAt: number | undefined;
  readonly config: unknown;
  readonly synthetic: boolean;
  /** The result summary written by `finishRun` (see `resultSummaryJson`). */
  readonly summary: unknown;
}

/**
 * What a human adds to a manual action (absent on automatic ones): the playbook's journal columns
 * for comparing manual against automatic decisions.
 */
export interface OperatorNote {
  /** Why the operator acted, in their words. */
  readonly operatorNote?: string;
  /** The "emotional state" tag, free text (`calm`, `fomo`, `revenge`, ...). */
  readonly mood?: string;
  /** How sure the operator was, in [0, 1]. */
  readonly confidence?: number;
}

/** A closed trade as journaled: the kernel's record plus what only live trading fills in. */
export interface JournalTrade extends TradeRecord, OperatorNote {
  /** `manual` for trades opened by a human override (live only). */
  readonly origin: 'auto' | 'manual';
  /** The entry snapshot's `regime`, when it names one (the playbook's snapshots do). */
  readonly regime?: string;
  /**
   * The signal values behind the entry, as the strategy reported them: the kernel's `entrySnapshot`
   * (a trade read back carries it under both names).
   */
  readonly signalSnapshot?: unknown;
}

export interface JournalDecision extends Decision, OperatorNote {
  /** Order of the decision within its run, from 1. */
  readonly seq: number;
}

/** A refusal, resize, halt, resume or flatten as journaled, with its rule and numbers. */
export interface JournalRiskDecision extends RiskDecision {
  /** Order of the risk decision within its run, from 1. */
  readonly seq: number;
}

export interface FundingPayment {
  readonly time: number;
  readonly symbol: string;
  readonly rate: number;
  readonly intervalHours: number;
  readonly markPrice: number;
  /** + received / - paid, USDT. */
  readonly cashflow: number;
  readonly source: string;
}

export interface LiquidationRecord {
  readonly time: number;
  readonly symbol: string;
  /** Signed quantity liquidated. */
  readonly quantity: number;
  readonly price: number;
  readonly entryPrice: number;
  readonly leverage: number;
  readonly realisedPnl: number;
  readonly fee: number;
  readonly marginReturned: number;
}

export interface EquitySample {
  readonly time: number;
  readonly equity: number;
  readonly wallet: number;
  readonly unrealisedPnl: number;
  readonly marginUsed: number;
  readonly position: number;
  readonly price: number;
}

export interface LogLine {
  readonly seq: number;
  readonly time: number;
  readonly message: string;
}

/** Everything one write puts into the journal; a store applies it atomically, in this order. */
export interface JournalBatch {
  readonly runId: string;
  /** Creates the run row (first batch of a run). */
  readonly start?: Omit<RunRecord, 'finishedAt' | 'summary'>;
  /** Latest state of each order; `seq` numbers orders by first appearance in the run. */
  readonly orders: readonly { readonly seq: number; readonly order: OrderState }[];
  /** `seq` numbers fills in arrival order within the run. */
  readonly fills: readonly { readonly seq: number; readonly fill: Fill }[];
  readonly trades: readonly JournalTrade[];
  readonly decisions: readonly JournalDecision[];
  readonly riskDecisions: readonly JournalRiskDecision[];
  readonly funding: readonly FundingPayment[];
  readonly liquidations: readonly LiquidationRecord[];
  readonly equity: readonly EquitySample[];
  readonly logs: readonly LogLine[];
  /** Closes the run (last batch of a run). */
  readonly finish?: { readonly finishedAt: number; readonly synthetic: boolean; readonly summary: unknown };
}

/** The read side of the journal. Reads are asynchronous so a network database can serve them too. */
export interface JournalReader {
  /** Runs, newest first. */
  listRuns(filter?: { readonly kind?: RunKind; readonly strategy?: string }): Promise<RunRecord[]>;
  run(id: string): Promise<RunRecord | undefined>;
  /** Trades by id (= close order). */
  trades(runId: string): Promise<JournalTrade[]>;
  /** Fills by time, then in the order they were journaled. */
  fills(runId: string): Promise<Fill[]>;
  /** Latest state of each order, in the order they were first seen; `reduceOnly` always a boolean. */
  orders(runId: string): Promise<OrderState[]>;
  decisions(runId: string): Promise<JournalDecision[]>;
  /** Risk decisions in the order they were made (`seq`). */
  riskDecisions(runId: string): Promise<JournalRiskDecision[]>;
  fundingPayments(runId: string): Promise<FundingPayment[]>;
  liquidations(runId: string): Promise<LiquidationRecord[]>;
  equity(runId: string): Promise<EquitySample[]>;
  logs(runId: string): Promise<LogLine[]>;
}

/**
 * Where journals live: SQLite (in the market store's file or its own) or PostgreSQL, with the same
 * tables. `write` may finish synchronously (SQLite, cheap in a backtest's hot loop) or return a promise
 * (a network database); the writer keeps batches in order either way. A batch whose `start` names a
 * run id already taken fails with `RunIdTakenError` and writes nothing.
 */
export interface TradeStore extends JournalReader {
  write(batch: JournalBatch): void | Promise<void>;
  /** Releases connections (a no-op for SQLite, whose database belongs to the caller). */
  close(): Promise<void>;
  /** How many runs have ids starting with `prefix` (for deterministic run numbering). */
  countRuns(idPrefix: string): Promise<number>;
  /** Removes a run and everything journaled under it. */
  deleteRun(id: string): Promise<void>;
}

/** A run's start batch named an id another run already has (two writers raced for the same id). */
export class RunIdTakenError extends Error {
  readonly runId: string;
  constructor(runId: string) {
    super(`journal run id ${runId} is already taken`);
    this.name = 'RunIdTakenError';
    this.runId = runId;
  }
}
