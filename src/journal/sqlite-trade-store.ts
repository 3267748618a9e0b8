import type Database from 'better-sqlite3';
import type { Fill, OrderState } from '../core/index.js';
import { migrate } from '../data/index.js';
import {
  type EquitySample,
  type FundingPayment,
  type JournalBatch,
  type JournalDecision,
  type JournalRiskDecision,
  type JournalTrade,
  type LiquidationRecord,
  type LogLine,
  type RunKind,
  RunIdTakenError,
  type RunRecord,
  type TradeStore,
} from './journal.types.js';
import {
  type DecisionRow,
  type EquityRow,
  type FillRow,
  type FundingRow,
  type LiquidationRow,
  type OrderRow,
  type RiskDecisionRow,
  type RunRow,
  type TradeRow,
  bindNumber,
  decisionOf,
  equityOf,
  fillOf,
  fundingOf,
  jsonOrNull,
  liquidationOf,
  logOf,
  numbersJson,
  orderOf,
  riskDecisionOf,
  runOf,
  tradeOf,
} from './sqlite-rows.js';
import { WRITE_SQL } from './sqlite-sql.js';

type Statements = { [K in keyof typeof WRITE_SQL]: Database.Statement };

/**
 * The journal in SQLite: the tables of migrations 2 and 4, usually in the market store's own file
 * (`new SqliteTradeStore(marketStore.db)`). Each batch is one transaction over prepared statements,
 * so journaling costs little even when a long backtest writes thousands of fills.
 */
export class SqliteTradeStore implements TradeStore {
  readonly db: Database.Database;
  #st: Statements;
  #applyBatch: (batch: JournalBatch) => void;

  /** Brings the schema up to date (a no-op on a current store) and prepares the statements. */
  constructor(db: Database.Database) {
    this.db = db;
    migrate(db);
    this.#st = Object.fromEntries(
      Object.entries(WRITE_SQL).map(([name, sql]) => [name, db.prepare(sql)]),
    ) as Statements;
    this.#applyBatch = db.transaction((batch: JournalBatch) => this.#apply(batch));
  }

  write(batch: JournalBatch): void {
    this.#applyBatch(batch);
  }

  /** The database belongs to whoever opened it (usually the market store): nothing to release. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  countRuns(idPrefix: string): Promise<number> {
    const n = this.db
      .prepare('SELECT count(*) FROM runs WHERE substr(id, 1, length(?)) = ?')
      .pluck()
      .get(idPrefix, idPrefix) as number;
    return Promise.resolve(n);
  }

  deleteRun(id: string): Promise<void> {
    this.db.transaction(() => {
      for (const table of CHILD_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(id);
      this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    })();
    return Promise.resolve();
  }

  listRuns(filter: { kind?: RunKind; strategy?: string } = {}): Promise<RunRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM runs WHERE (@kind IS NULL OR kind = @kind) AND (@strategy IS NULL OR strategy = @strategy)
         ORDER BY started_at DESC, id DESC`,
      )
      .all({ kind: filter.kind ?? null, strategy: filter.strategy ?? null }) as RunRow[];
    return Promise.resolve(rows.map(runOf));
  }

  run(id: string): Promise<RunRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return Promise.resolve(row && runOf(row));
  }

  trades(runId: string): Promise<JournalTrade[]> {
    return this.#read<TradeRow, JournalTrade>('trades', 'trade_id', runId, tradeOf);
  }

  fills(runId: string): Promise<Fill[]> {
    return this.#read<FillRow, Fill>('fills', 'seq', runId, fillOf);
  }

  orders(runId: string): Promise<OrderState[]> {
    return this.#read<OrderRow, OrderState>('orders', 'seq', runId, orderOf);
  }

  decisions(runId: string): Promise<JournalDecision[]> {
    return this.#read<DecisionRow, JournalDecision>('decisions', 'seq', runId, decisionOf);
  }

  riskDecisions(runId: string): Promise<JournalRiskDecision[]> {
    return this.#read<RiskDecisionRow, JournalRiskDecision>('risk_decisions', 'seq', runId, riskDecisionOf);
  }

  fundingPayments(runId: string): Promise<FundingPayment[]> {
    return this.#read<FundingRow, FundingPayment>('funding_payments', 'time, symbol', runId, fundingOf);
  }

  liquidations(runId: string): Promise<LiquidationRecord[]> {
    return this.#read<LiquidationRow, LiquidationRecord>(
      'liquidations',
      'time, symbol',
      runId,
      liquidationOf,
    );
  }

  equity(runId: string): Promise<EquitySample[]> {
    return this.#read<EquityRow, EquitySample>('equity', 'time', runId, equityOf);
  }

  logs(runId: string): Promise<LogLine[]> {
    return this.#read<LogLine, LogLine>('run_logs', 'seq', runId, logOf);
  }

  #read<R, T>(table: string, order: string, runId: string, map: (row: R) => T): Promise<T[]> {
    const rows = this.db
      .prepare(`SELECT * FROM ${table} WHERE run_id = ? ORDER BY ${order}`)
      .all(runId) as R[];
    return Promise.resolve(rows.map(map));
  }

  #apply(b: JournalBatch): void {
    const st = this.#st;
    const id = b.runId;
    const s = b.start;
    if (s) {
      const config = JSON.stringify(s.config ?? {});
      const synthetic = s.synthetic ? 1 : 0;
      try {
        st.insertRun.run(
          id,
          s.kind,
          s.strategy,
          s.exchange,
          s.symbol,
          s.timeframe,
          s.startedAt,
          config,
          synthetic,
        );
      } catch (err) {
        if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
          throw new RunIdTakenError(id);
        throw err;
      }
    }
    for (const { seq, order: o } of b.orders) {
      st.upsertOrder.run(
        id,
        o.clientOrderId,
        seq,
        o.createdAt,
        o.updatedAt,
        o.symbol,
        o.side,
        o.type,
        o.quantity,
        bindNumber(o.price),
        bindNumber(o.triggerPrice),
        o.reduceOnly ? 1 : 0,
        o.status,
        o.filledQuantity,
        bindNumber(o.averagePrice),
        o.rejectReason ?? null,
        o.tag ?? null,
      );
    }
    for (const { seq, fill: f } of b.fills) {
      st.insertFill.run(
        id,
        f.tradeId,
        seq,
        f.clientOrderId,
        f.time,
        f.symbol,
        f.side,
        f.quantity,
        f.price,
        f.fee,
        f.liquidity,
        f.slippageCost,
        f.reduceOnly ? 1 : 0,
        f.tag ?? null,
      );
    }
    for (const t of b.trades) {
      st.upsertTrade.run(
        id,
        t.id,
        t.symbol,
        t.side,
        t.signalType,
        t.entryTime,
        bindNumber(t.entryPrice),
        t.exitTime,
        bindNumber(t.exitPrice),
        t.quantity,
        t.leverage,
        t.exitReason,
        t.grossPnl,
        t.fees,
        t.funding,
        t.slippageCost,
        t.netPnl,
        t.liquidated ? 1 : 0,
        t.origin,
        t.regime ?? null,
        jsonOrNull(t.signalSnapshot),
        t.operatorNote ?? null,
        t.mood ?? null,
        bindNumber(t.confidence),
      );
    }
    for (const d of b.decisions) {
      st.insertDecision.run(
        id,
        d.seq,
        d.time,
        d.kind,
        JSON.stringify(d.detail),
        bindNumber(d.price),
        d.operatorNote ?? null,
        d.mood ?? null,
        bindNumber(d.confidence),
      );
    }
    for (const r of b.riskDecisions) {
      const numbers = numbersJson(r.numbers);
      st.insertRiskDecision.run(id, r.seq, r.time, r.symbol, r.rule, r.outcome, r.origin, r.message, numbers);
    }
    for (const p of b.funding) {
      st.upsertFunding.run(id, p.time, p.symbol, p.rate, p.intervalHours, p.markPrice, p.cashflow, p.source);
    }
    for (const l of b.liquidations) {
      st.upsertLiquidation.run(
        id,
        l.time,
        l.symbol,
        l.quantity,
        l.price,
        l.entryPrice,
        l.leverage,
        l.realisedPnl,
        l.fee,
        l.marginReturned,
      );
    }
    for (const e of b.equity) {
      st.upsertEquity.run(
        id,
        e.time,
        e.equity,
        e.wallet,
        e.unrealisedPnl,
        e.marginUsed,
        e.position,
        bindNumber(e.price),
      );
    }
    for (const l of b.logs) st.insertLog.run(id, l.seq, l.time, l.message);
    const f = b.finish;
    if (f) st.finishRun.run(f.finishedAt, f.synthetic ? 1 : 0, JSON.stringify(f.summary ?? null), id);
  }
}

const CHILD_TABLES = [
  'orders',
  'fills',
  'trades',
  'decisions',
  'risk_decisions',
  'funding_payments',
  'liquidations',
  'equity',
  'run_logs',
] as const;
