import { InvariantError } from '../../core/index.js';
import { PostgresTradeStore, SqliteTradeStore, type TradeStore } from '../../journal/index.js';

/** One SQL read with `?` placeholders, on whichever backend holds the journal. */
export type SqlRows = (sql: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/** Plain reads on the store's own connection (SQLite database or PostgreSQL pool). */
export function sqlRowsFor(store: TradeStore): SqlRows {
  if (store instanceof SqliteTradeStore) {
    const db = store.db;
    return (sql, params) => Promise.resolve(db.prepare(sql).all(...params) as Record<string, unknown>[]);
  }
  if (store instanceof PostgresTradeStore) {
    const pool = store.pool;
    return async (sql, params) => {
      let n = 0;
      const { rows } = await pool.query<Record<string, unknown>>(
        sql.replace(/\?/g, () => `$${++n}`),
        [...params],
      );
      return rows;
    };
  }
  throw new InvariantError(
    'the journal dashboard reads SqliteTradeStore or PostgresTradeStore journals only',
  );
}

/** Row counts per table of one run and its finish time: a poll re-reads only what changed. */
export interface RunFingerprint {
  readonly fills: number;
  readonly trades: number;
  readonly riskDecisions: number;
  readonly funding: number;
  readonly liquidations: number;
  readonly equity: number;
  /** Last equity sample's time: a sample rewritten in place at the same time does not change the count. */
  readonly equityLast: number | null;
  readonly decisions: number;
  readonly finishedAt: number | null;
}

const FINGERPRINT_SQL = `SELECT
  (SELECT count(*) FROM fills WHERE run_id = ?) AS fills,
  (SELECT count(*) FROM trades WHERE run_id = ?) AS trades,
  (SELECT count(*) FROM risk_decisions WHERE run_id = ?) AS risk_decisions,
  (SELECT count(*) FROM funding_payments WHERE run_id = ?) AS funding,
  (SELECT count(*) FROM liquidations WHERE run_id = ?) AS liquidations,
  (SELECT count(*) FROM equity WHERE run_id = ?) AS equity,
  (SELECT max(time) FROM equity WHERE run_id = ?) AS equity_last,
  (SELECT max(seq) FROM decisions WHERE run_id = ?) AS decisions,
  (SELECT finished_at FROM runs WHERE id = ?) AS finished_at`;

export async function runFingerprint(sql: SqlRows, runId: string): Promise<RunFingerprint> {
  const rows = await sql(FINGERPRINT_SQL, Array<string>(9).fill(runId));
  const r = rows[0] ?? {};
  const n = (key: string): number => Number(r[key] ?? 0);
  const orNull = (key: string): number | null =>
    r[key] === null || r[key] === undefined ? null : Number(r[key]);
  return {
    fills: n('fills'),
    trades: n('trades'),
    riskDecisions: n('risk_decisions'),
    funding: n('funding'),
    liquidations: n('liquidations'),
    equity: n('equity'),
    equityLast: orNull('equity_last'),
    decisions: n('decisions'),
    finishedAt: orNull('finished_at'),
  };
}

/** The strategy's last target decision: its time, price and the score snapshot it carried. */
export interface LastTarget {
  readonly time: number;
  readonly price: number;
  readonly snapshot: unknown;
}

export async function lastTargetDecision(sql: SqlRows, runId: string): Promise<LastTarget | undefined> {
  const rows = await sql(
    "SELECT time, price, detail FROM decisions WHERE run_id = ? AND kind = 'target' ORDER BY seq DESC LIMIT 1",
    [runId],
  );
  const r = rows[0];
  if (r === undefined) return undefined;
  let detail: unknown;
  try {
    detail = JSON.parse(String(r.detail));
  } catch {
    detail = undefined;
  }
  const snapshot =
    typeof detail === 'object' && detail !== null && 'snapshot' in detail ? detail.snapshot : undefined;
  return { time: Number(r.time), price: r.price === null ? Number.NaN : Number(r.price), snapshot };
}
