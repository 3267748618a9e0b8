import type { TradeRecord } from '../../kernel/index.js';
import type { RiskDecision } from '../../risk/index.js';
import { InputError } from '../../core/index.js';
import { DEFAULT_WEIGHTS_SCOPE, type Journal, type RunRecord } from '../../journal/index.js';
import type { ApiState, ApiStateSource, HealthView } from '../api-state.types.js';
import {
  type RunFingerprint,
  type SqlRows,
  lastTargetDecision,
  runFingerprint,
  sqlRowsFor,
} from './journal-sql.js';
import { type JournalApiState, type JournalRows, journalState } from './journal-state.js';

/** How many run ids an unknown `--run` error lists. */
const RECENT_RUNS = 5;

/** The `current_weights` scope a run reads: paper sessions `paper`, live `default`, a backtest its own. */
export function weightsScope(run: RunRecord): string {
  if (run.kind === 'paper') return 'paper';
  if (run.kind === 'live') return DEFAULT_WEIGHTS_SCOPE;
  return `backtest:${run.id}`;
}

/**
 * The run to show: `id` if given (an unknown id is an `InputError` listing the newest runs), else the
 * newest run (an empty journal is an `InputError` too).
 */
export async function pickRun(journal: Journal, id: string | undefined): Promise<RunRecord> {
  if (id !== undefined) {
    const run = await journal.trades.run(id);
    if (run !== undefined) return run;
  }
  const runs = await journal.trades.listRuns();
  if (id === undefined) {
    const newest = runs[0];
    if (newest === undefined)
      throw new InputError('the journal has no runs yet (nmrbot journal runs lists them)');
    return newest;
  }
  const recent = runs
    .slice(0, RECENT_RUNS)
    .map((r) => `${r.id} (${r.kind}, started ${new Date(r.startedAt).toISOString()})`);
  throw new InputError(
    `--run: no journal run "${id}"; ` +
      (recent.length === 0
        ? 'the journal has no runs yet'
        : `the newest ${recent.length === 1 ? 'is' : `${recent.length} are`}: ${recent.join(', ')}`) +
      ' (nmrbot journal runs lists them all)',
  );
}

export interface JournalStateSourceOptions {
  readonly journal: Journal;
  readonly run: RunRecord;
  /** Called when a poll fails (the last good state is kept and health says `degraded`). */
  readonly onError?: (error: Error) => void;
}

/**
 * The API's state read from a journal instead of a running session. `refresh()` re-reads the tables of
 * the run whose row counts changed since the last poll (one query when nothing did) and notifies the
 * stream; `start(ms)` polls on a timer so the dashboard follows a session writing the same journal.
 */
export class JournalStateSource implements ApiStateSource {
  readonly runId: string;
  readonly #journal: Journal;
  readonly #sql: SqlRows;
  readonly #onError: (error: Error) => void;
  readonly #listeners = new Set<() => void>();
  #rows: JournalRows;
  #fingerprint: RunFingerprint | undefined;
  #weightsAt: number | undefined;
  #state: JournalApiState;
  #version = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<boolean> | undefined;
  #error: string | undefined;

  constructor(options: JournalStateSourceOptions) {
    this.#journal = options.journal;
    this.#sql = sqlRowsFor(options.journal.trades);
    this.#onError = options.onError ?? (() => undefined);
    this.runId = options.run.id;
    this.#rows = {
      run: options.run,
      fills: [],
      trades: [],
      riskDecisions: [],
      funding: [],
      liquidations: [],
      equity: [],
      lastTarget: undefined,
      weights: undefined,
    };
    this.#state = journalState(this.#rows, 0);
  }

  /** Reads what changed; true when the state changed (listeners were notified). One poll at a time. */
  refresh(): Promise<boolean> {
    this.#polling ??= this.#refresh().finally(() => {
      this.#polling = undefined;
    });
    return this.#polling;
  }

  async #refresh(): Promise<boolean> {
    try {
      const changed = await this.#read();
      const recovered = this.#error !== undefined;
      this.#error = undefined;
      if (changed || recovered) {
        this.#state = journalState(this.#rows, ++this.#version);
        this.#notify();
      }
      return changed;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (this.#error !== error.message) {
        this.#error = error.message;
        const last = journalState(this.#rows, ++this.#version);
        this.#state = { ...last, journal: { ...last.journal, readError: error.message } };
        this.#onError(error);
        this.#notify();
      }
      return false;
    }
  }

  async #read(): Promise<boolean> {
    const id = this.runId;
    const store = this.#journal.trades;
    const now = await runFingerprint(this.#sql, id);
    const was = this.#fingerprint;
    const differs = (key: keyof RunFingerprint): boolean => was === undefined || was[key] !== now[key];
    const rows = { ...this.#rows } as { -readonly [K in keyof JournalRows]: JournalRows[K] };
    if (differs('finishedAt')) rows.run = (await store.run(id)) ?? rows.run;
    if (differs('fills')) rows.fills = await store.fills(id);
    if (differs('trades')) rows.trades = await store.trades(id);
    if (differs('riskDecisions')) rows.riskDecisions = await store.riskDecisions(id);
    if (differs('funding')) rows.funding = await store.fundingPayments(id);
    if (differs('liquidations')) rows.liquidations = await store.liquidations(id);
    if (differs('equity') || differs('equityLast')) rows.equity = await store.equity(id);
    if (differs('decisions')) rows.lastTarget = await lastTargetDecision(this.#sql, id);
    const weights = await this.#journal.changes.currentWeights(weightsScope(rows.run));
    const weightsChanged =
      weights?.updatedAt !== this.#weightsAt ||
      (weights === undefined) !== (this.#rows.weights === undefined);
    rows.weights = weights;
    this.#weightsAt = weights?.updatedAt;
    this.#fingerprint = now;
    this.#rows = rows;
    return (
      was === undefined || weightsChanged || (Object.keys(now) as (keyof RunFingerprint)[]).some(differs)
    );
  }

  /** Polls every `ms` milliseconds until `stop()`. */
  start(ms: number): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.refresh(), ms);
  }

  /** Stops polling and waits for a poll in flight. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#polling;
  }

  /** The journal view: `ApiState` with `paused: null`, NaN (JSON null) for what the journal lacks, plus `journal`. */
  journalSnapshot(): JournalApiState {
    return this.#state;
  }

  snapshot(): ApiState {
    // `paused` is null on purpose (the journal does not record it); the page shows n/a for it.
    return this.#state;
  }

  trades(limit: number): readonly TradeRecord[] {
    return this.#rows.trades.slice(-limit).reverse();
  }

  riskDecisions(limit: number): readonly RiskDecision[] {
    return this.#rows.riskDecisions.slice(-limit).reverse();
  }

  health(): HealthView {
    return {
      status: this.#error === undefined ? 'ok' : 'degraded',
      unhealthyFeeds: this.#error === undefined ? [] : ['journal'],
      time: this.#state.time,
    };
  }

  /** The last poll's error, if it failed. */
  get error(): string | undefined {
    return this.#error;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
