import type pg from 'pg';
import type { Fill, OrderState } from '../core/index.js';
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
import { openJournalPool } from './pg-connection.js';
import { PG_TABLES, insertMany } from './pg-sql.js';
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

const UNIQUE_VIOLATION = '23505';

/**
 * The journal in PostgreSQL (`journal.url: postgres://...`): the tables of `pg-migrations.ts` in the
 * URL's schema (`?schema=`, default `nmrbot`), the same rows as `SqliteTradeStore`. Each batch is one
 * transaction of multi-row INSERTs. Text is ordered byte-wise (`COLLATE "C"`), as SQLite orders it.
 */
export class PostgresTradeStore implements TradeStore {
  readonly pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Connects, creates the schema and brings the tables up to date; errors name `journal.url`, never the password. */
  static async connect(
    url: string,
    options: { connectTimeoutMs?: number } = {},
  ): Promise<PostgresTradeStore> {
    return new PostgresTradeStore(await openJournalPool(url, options));
  }

  async write(batch: JournalBatch): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await this.#apply(client, batch);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const e = err as { code?: string; constraint?: string };
      if (batch.start && e.code === UNIQUE_VIOLATION && e.constraint === 'runs_pkey') {
        throw new RunIdTakenError(batch.runId);
      }
      throw err;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  async countRuns(idPrefix: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*) AS n FROM runs WHERE left(id, length($1)) = $1',
      [idPrefix],
    );
    return rows[0]?.n ?? 0;
  }

  async deleteRun(id: string): Promise<void> {
    await this.pool.query('DELETE FROM runs WHERE id = $1', [id]);
  }

  async listRuns(filter: { kind?: RunKind; strategy?: string } = {}): Promise<RunRecord[]> {
    const { rows } = await this.pool.query<RunRow>(
      `SELECT * FROM runs WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR strategy = $2)
       ORDER BY started_at DESC, id COLLATE "C" DESC`,
      [filter.kind ?? null, filter.strategy ?? null],
    );
    return rows.map(runOf);
  }

  async run(id: string): Promise<RunRecord | undefined> {
    const { rows } = await this.pool.query<RunRow>('SELECT * FROM runs WHERE id = $1', [id]);
    const row = rows[0];
    return row && runOf(row);
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
    return this.#read<FundingRow, FundingPayment>(
      'funding_payments',
      'time, symbol COLLATE "C"',
      runId,
      fundingOf,
    );
  }

  liquidations(runId: string): Promise<LiquidationRecord[]> {
    return this.#read<LiquidationRow, LiquidationRecord>(
      'liquidations',
      'time, symbol COLLATE "C"',
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

  async #read<R extends pg.QueryResultRow, T>(
    table: string,
    order: string,
    runId: string,
    map: (row: R) => T,
  ): Promise<T[]> {
    const { rows } = await this.pool.query<R>(`SELECT * FROM ${table} WHERE run_id = $1 ORDER BY ${order}`, [
      runId,
    ]);
    return rows.map(map);
  }

  async #apply(client: pg.ClientBase, b: JournalBatch): Promise<void> {
    const id = b.runId;
    const s = b.start;
    if (s) {
      await client.query(
        `INSERT INTO runs (id, kind, strategy, exchange, symbol, timeframe, started_at, config, synthetic)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          s.kind,
          s.strategy,
          s.exchange,
          s.symbol,
          s.timeframe,
          s.startedAt,
          JSON.stringify(s.config ?? {}),
          s.synthetic ? 1 : 0,
        ],
      );
    }
    const T = PG_TABLES;
    await insertMany(
      client,
      T.orders,
      b.orders.map(({ seq, order: o }) => [
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
      ]),
    );
    await insertMany(
      client,
      T.fills,
      b.fills.map(({ seq, fill: f }) => [
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
      ]),
    );
    await insertMany(
      client,
      T.trades,
      b.trades.map((t) => [
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
      ]),
    );
    await insertMany(
      client,
      T.decisions,
      b.decisions.map((d) => [
        id,
        d.seq,
        d.time,
        d.kind,
        JSON.stringify(d.detail),
        bindNumber(d.price),
        d.operatorNote ?? null,
        d.mood ?? null,
        bindNumber(d.confidence),
      ]),
    );
    await insertMany(
      client,
      T.riskDecisions,
      b.riskDecisions.map((r) => [
        id,
        r.seq,
        r.time,
        r.symbol,
        r.rule,
        r.outcome,
        r.origin,
        r.message,
        numbersJson(r.numbers),
      ]),
    );
    await insertMany(
      client,
      T.funding,
      b.funding.map((p) => [
        id,
        p.time,
        p.symbol,
        p.rate,
        p.intervalHours,
        p.markPrice,
        p.cashflow,
        p.source,
      ]),
    );
    await insertMany(
      client,
      T.liquidations,
      b.liquidations.map((l) => [
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
      ]),
    );
    await insertMany(
      client,
      T.equity,
      b.equity.map((e) => [
        id,
        e.time,
        e.equity,
        e.wallet,
        e.unrealisedPnl,
        e.marginUsed,
        e.position,
        bindNumber(e.price),
      ]),
    );
    await insertMany(
      client,
      T.logs,
      b.logs.map((l) => [id, l.seq, l.time, l.message]),
    );
    const f = b.finish;
    if (f) {
      await client.query(
        'UPDATE runs SET finished_at = $1, synthetic = GREATEST(synthetic, $2), summary = $3 WHERE id = $4',
        [f.finishedAt, f.synthetic ? 1 : 0, JSON.stringify(f.summary ?? null), id],
      );
    }
  }
}
