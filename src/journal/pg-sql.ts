import type pg from 'pg';

/** How a row that is already there is treated: kept (`ignore`), or these columns overwritten. */
export type OnConflict = 'ignore' | readonly string[];

export interface PgTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** The primary key, for ON CONFLICT. */
  readonly key: readonly string[];
  readonly onConflict: OnConflict;
}

/** Every column but the key: what SQLite's INSERT OR REPLACE rewrites. */
function replaceAll(columns: readonly string[], key: readonly string[]): readonly string[] {
  return columns.filter((c) => !key.includes(c));
}

function table(
  name: string,
  columns: readonly string[],
  key: readonly string[],
  onConflict?: OnConflict,
): PgTable {
  return { name, columns, key, onConflict: onConflict ?? replaceAll(columns, key) };
}

/** The journal's write targets, with the same conflict rules as the SQLite statements in `sqlite-sql.ts`. */
export const PG_TABLES = {
  orders: table(
    'orders',
    [
      'run_id',
      'client_order_id',
      'seq',
      'time',
      'updated_at',
      'symbol',
      'side',
      'type',
      'quantity',
      'price',
      'trigger_price',
      'reduce_only',
      'status',
      'filled_quantity',
      'average_price',
      'reject_reason',
      'tag',
    ],
    ['run_id', 'client_order_id'],
    [
      'updated_at',
      'quantity',
      'price',
      'trigger_price',
      'reduce_only',
      'status',
      'filled_quantity',
      'average_price',
      'reject_reason',
      'tag',
    ],
  ),
  fills: table(
    'fills',
    [
      'run_id',
      'trade_id',
      'seq',
      'client_order_id',
      'time',
      'symbol',
      'side',
      'quantity',
      'price',
      'fee',
      'liquidity',
      'slippage_cost',
      'reduce_only',
      'tag',
    ],
    ['run_id', 'trade_id'],
    'ignore',
  ),
  trades: table(
    'trades',
    [
      'run_id',
      'trade_id',
      'symbol',
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
      'liquidated',
      'origin',
      'regime',
      'signal_snapshot',
      'operator_note',
      'mood',
      'confidence',
    ],
    ['run_id', 'trade_id'],
  ),
  decisions: table(
    'decisions',
    ['run_id', 'seq', 'time', 'kind', 'detail', 'price', 'operator_note', 'mood', 'confidence'],
    ['run_id', 'seq'],
  ),
  riskDecisions: table(
    'risk_decisions',
    ['run_id', 'seq', 'time', 'symbol', 'rule', 'outcome', 'origin', 'message', 'numbers'],
    ['run_id', 'seq'],
  ),
  funding: table(
    'funding_payments',
    ['run_id', 'time', 'symbol', 'rate', 'interval_hours', 'mark_price', 'cashflow', 'source'],
    ['run_id', 'time', 'symbol'],
  ),
  liquidations: table(
    'liquidations',
    [
      'run_id',
      'time',
      'symbol',
      'quantity',
      'price',
      'entry_price',
      'leverage',
      'realised_pnl',
      'fee',
      'margin_returned',
    ],
    ['run_id', 'time', 'symbol'],
  ),
  equity: table(
    'equity',
    ['run_id', 'time', 'equity', 'wallet', 'unrealised_pnl', 'margin_used', 'position', 'price'],
    ['run_id', 'time'],
  ),
  logs: table('run_logs', ['run_id', 'seq', 'time', 'message'], ['run_id', 'seq']),
} as const;

/** PostgreSQL's limit on bind parameters in one statement. */
const MAX_PARAMS = 65_535;

/**
 * Writes `rows` (values in `t.columns` order) with multi-row INSERTs. Rows sharing a key collapse
 * first (the last one for an update, the first for `ignore`), since one statement may not touch a
 * row twice; that is what a row-by-row INSERT OR REPLACE / OR IGNORE would leave too.
 */
export async function insertMany(
  client: pg.ClientBase,
  t: PgTable,
  rows: readonly unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const unique = collapse(t, rows);
  const width = t.columns.length;
  const perStatement = Math.floor(MAX_PARAMS / width);
  for (let start = 0; start < unique.length; start += perStatement) {
    const chunk = unique.slice(start, start + perStatement);
    const values = chunk
      .map((_, r) => `(${t.columns.map((_c, c) => `$${r * width + c + 1}`).join(', ')})`)
      .join(', ');
    await client.query(
      `INSERT INTO ${t.name} (${t.columns.join(', ')}) VALUES ${values} ${conflictSql(t)}`,
      chunk.flat(),
    );
  }
}

function conflictSql(t: PgTable): string {
  const target = `ON CONFLICT (${t.key.join(', ')})`;
  if (t.onConflict === 'ignore') return `${target} DO NOTHING`;
  return `${target} DO UPDATE SET ${t.onConflict.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}

function collapse(t: PgTable, rows: readonly unknown[][]): unknown[][] {
  const keyIdx = t.key.map((k) => t.columns.indexOf(k));
  const byKey = new Map<string, unknown[]>();
  for (const row of rows) {
    const key = JSON.stringify(keyIdx.map((i) => row[i]));
    if (t.onConflict === 'ignore' && byKey.has(key)) continue;
    byKey.delete(key);
    byKey.set(key, row);
  }
  return [...byKey.values()];
}
