import {
  type Clock,
  type EpochMs,
  type Fill,
  InvariantError,
  type OrderState,
  WallClock,
} from '../core/index.js';
import type { BacktestResult } from '../backtest/index.js';
import type { Decision, EquityCurve, KernelObserver, TradeRecord } from '../kernel/index.js';
import type { LiquidationResult } from '../portfolio/index.js';
import { resultSummaryJson } from '../report/index.js';
import type { RiskDecision } from '../risk/index.js';
import type { FundingRateEvent } from '../strategy/index.js';
import { JournalBuffer } from './journal-buffer.js';
import {
  type EquitySample,
  type JournalBatch,
  type JournalTrade,
  type OperatorNote,
  RunIdTakenError,
  type RunMeta,
  type TradeStore,
} from './journal.types.js';
import { newRunId } from './run-id.js';

export interface JournalWriterOptions {
  /** Rows buffered before they are written in one transaction (default 4096). */
  readonly batchSize?: number;
  /**
   * Equity samples `finishRun` keeps from a result's curve: every n-th bar (and always the last);
   * `'auto'` (default) keeps at most ~10,000 rows; 1 keeps every bar.
   */
  readonly equityEvery?: number | 'auto';
  /** Clock for the run's start and finish times (default: the wall clock). */
  readonly clock?: Clock;
}

const AUTO_EQUITY_ROWS = 10_000;
const MAX_ID_ATTEMPTS = 50;

/**
 * Journals one run at a time: pass it as the kernel's `observer` between `startRun` and `finishRun`.
 * Events are buffered and written in batches (one transaction each), so the hot loop only pushes to
 * arrays. With an asynchronous store (PostgreSQL) batches are written in order; a failed write is
 * thrown by the next call.
 */
export class JournalWriter implements KernelObserver {
  #store: TradeStore;
  #batchSize: number;
  #equityEvery: number | 'auto';
  #clock: Clock;
  #buf: JournalBuffer | undefined;
  #synthetic = false;
  #starting = false;
  #tail: Promise<void> | undefined;
  #error: Error | undefined;

  constructor(store: TradeStore, options: JournalWriterOptions = {}) {
    this.#store = store;
    this.#batchSize = Math.max(1, options.batchSize ?? 4096);
    this.#equityEvery = options.equityEvery ?? 'auto';
    this.#clock = options.clock ?? new WallClock();
  }

  /** The id of the run being journaled. */
  get runId(): string {
    return this.#active().runId;
  }

  /**
   * Creates the run row; returns its id (see `newRunId` for how ids are made). Deterministic ids are
   * safe against another writer starting a run of the same inputs at the same moment: the id one of
   * them loses is numbered again (up to `MAX_ID_ATTEMPTS` times).
   */
  async startRun(meta: RunMeta): Promise<string> {
    if (this.#buf) throw new InvariantError(`journal run ${this.#buf.runId} is still open; finish it first`);
    if (this.#starting) throw new InvariantError('a journal run is already starting');
    this.#starting = true;
    try {
      await this.#settle().catch(() => undefined);
      this.#error = undefined;
      this.#synthetic = meta.synthetic ?? false;
      const startedAt = this.#clock.now();
      let notBelow = 1;
      for (let attempt = 0; ; attempt++) {
        const runId = await newRunId(meta, (prefix) => this.#store.countRuns(prefix), notBelow);
        const buf = new JournalBuffer(runId);
        try {
          await this.#store.write({ ...buf.take(), start: this.#startRow(runId, meta, startedAt) });
        } catch (err) {
          const retry = err instanceof RunIdTakenError && meta.deterministic && meta.id === undefined;
          if (retry && attempt + 1 < MAX_ID_ATTEMPTS) {
            notBelow = Number(runId.slice(runId.lastIndexOf('-') + 1)) + 1;
            continue;
          }
          throw err;
        }
        this.#buf = buf;
        return runId;
      }
    } finally {
      this.#starting = false;
    }
  }

  #startRow(id: string, meta: RunMeta, startedAt: number): NonNullable<JournalBatch['start']> {
    return {
      id,
      kind: meta.kind,
      strategy: meta.strategy,
      exchange: meta.exchange,
      symbol: meta.symbol,
      timeframe: meta.timeframe,
      startedAt,
      config: meta.config ?? {},
      synthetic: this.#synthetic,
    };
  }

  /** A kernel decision, or a manual one with its operator note, mood and confidence. */
  onDecision(decision: Decision & OperatorNote): void {
    this.#active().decision(decision);
    this.#maybeFlush();
  }

  /** A refusal, resize, halt, resume or flatten: journaled as given, with its rule and numbers. */
  onRiskDecision(decision: RiskDecision): void {
    this.#active().riskDecision(decision);
    this.#maybeFlush();
  }

  onOrder(order: OrderState): void {
    this.#active().order(order);
    this.#maybeFlush();
  }

  onFill(fill: Fill): void {
    this.#active().fill(fill);
    this.#maybeFlush();
  }

  onFunding(event: FundingRateEvent, cashflow: number | undefined): void {
    if (cashflow === undefined) return;
    this.#active().funding({
      time: event.time,
      symbol: event.symbol,
      rate: event.rate,
      intervalHours: event.intervalHours,
      markPrice: event.markPrice,
      cashflow,
      source: event.source,
    });
    this.#maybeFlush();
  }

  onLiquidation(symbol: string, time: EpochMs, result: LiquidationResult): void {
    this.#active().liquidation({
      time,
      symbol,
      quantity: result.quantity,
      price: result.price,
      entryPrice: result.closedPosition.entryPrice,
      leverage: result.closedPosition.leverage,
      realisedPnl: result.realisedPnl,
      fee: result.fee,
      marginReturned: result.marginReturned,
    });
    this.#maybeFlush();
  }

  /** A closed trade: the kernel's (`auto`), or a `JournalTrade` marked `manual` with its operator note. */
  onTrade(trade: TradeRecord | JournalTrade): void {
    this.#active().trade(trade);
    this.#maybeFlush();
  }

  onLog(time: EpochMs, message: string): void {
    this.#active().log(time, message);
    this.#maybeFlush();
  }

  /** Adds one equity sample (paper and live runs sample as they go). */
  recordEquity(sample: EquitySample): void {
    this.#active().equity(sample);
    this.#maybeFlush();
  }

  /** Writes what is buffered now. */
  flush(): void {
    const buf = this.#active();
    if (buf.rows > 0) this.#send(buf.take());
  }

  /**
   * Closes the run: the result's trades not journaled yet, its equity curve (sampled, see
   * `equityEvery`), the summary and the finish time. Without a result only the finish time is set.
   */
  async finishRun(result?: BacktestResult): Promise<void> {
    const buf = this.#active();
    if (result) {
      for (const t of result.trades) if (!buf.hasTrade(t.id)) buf.trade(t);
      this.#sampleEquity(buf, result.equity);
    }
    this.#send({
      ...buf.take(),
      finish: {
        finishedAt: this.#clock.now(),
        synthetic: this.#synthetic || (result?.synthetic ?? false),
        summary: result ? resultSummaryJson(result) : null,
      },
    });
    this.#buf = undefined;
    await this.#settle();
  }

  #sampleEquity(buf: JournalBuffer, curve: EquityCurve): void {
    const n = curve.length;
    const every = this.#equityEvery === 'auto' ? Math.ceil(n / AUTO_EQUITY_ROWS) : this.#equityEvery;
    const step = Math.max(1, Math.floor(every));
    const c = {
      time: curve.column('time'),
      equity: curve.column('equity'),
      wallet: curve.column('wallet'),
      unrealisedPnl: curve.column('unrealisedPnl'),
      marginUsed: curve.column('marginUsed'),
      position: curve.column('position'),
      price: curve.column('price'),
    };
    for (let i = 0; i < n; i++) {
      if (i % step !== 0 && i !== n - 1) continue;
      buf.equity({
        time: c.time[i] as number,
        equity: c.equity[i] as number,
        wallet: c.wallet[i] as number,
        unrealisedPnl: c.unrealisedPnl[i] as number,
        marginUsed: c.marginUsed[i] as number,
        position: c.position[i] as number,
        price: c.price[i] as number,
      });
      if (buf.rows >= this.#batchSize) this.#send(buf.take());
    }
  }

  #active(): JournalBuffer {
    this.#throwIfFailed();
    if (!this.#buf) throw new InvariantError('journal writer used outside a run: call startRun first');
    return this.#buf;
  }

  #maybeFlush(): void {
    const buf = this.#buf;
    if (buf && buf.rows >= this.#batchSize) this.#send(buf.take());
  }

  /** Writes a batch now, or after the batches still in flight to an asynchronous store. */
  #send(batch: ReturnType<JournalBuffer['take']>): void {
    if (this.#tail) {
      const after = this.#tail.then(() => (this.#error === undefined ? this.#store.write(batch) : undefined));
      this.#tail = this.#track(after);
      return;
    }
    const pending = this.#store.write(batch);
    if (pending) this.#tail = this.#track(pending);
  }

  #track(p: Promise<void>): Promise<void> {
    const tracked: Promise<void> = p.then(
      () => {
        if (this.#tail === tracked) this.#tail = undefined;
      },
      (err: unknown) => {
        this.#error ??= err instanceof Error ? err : new Error(`journal write failed: ${String(err)}`);
        if (this.#tail === tracked) this.#tail = undefined;
      },
    );
    return tracked;
  }

  async #settle(): Promise<void> {
    while (this.#tail) await this.#tail;
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#error;
  }
}
