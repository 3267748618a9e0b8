/** Write statements of the SQLite journal, prepared once per store (positional parameters). */
export const WRITE_SQL = {
  insertRun: `INSERT INTO runs (id, kind, strategy, exchange, symbol, timeframe, started_at, config, synthetic)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  finishRun: 'UPDATE runs SET finished_at = ?, synthetic = max(synthetic, ?), summary = ? WHERE id = ?',
  upsertOrder: `INSERT INTO orders (run_id, client_order_id, seq, time, updated_at, symbol, side, type, quantity,
      price, trigger_price, reduce_only, status, filled_quantity, average_price, reject_reason, tag)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (run_id, client_order_id) DO UPDATE SET
      updated_at = excluded.updated_at, quantity = excluded.quantity, price = excluded.price,
      trigger_price = excluded.trigger_price, reduce_only = excluded.reduce_only, status = excluded.status,
      filled_quantity = excluded.filled_quantity, average_price = excluded.average_price,
      reject_reason = excluded.reject_reason, tag = excluded.tag`,
  insertFill: `INSERT OR IGNORE INTO fills (run_id, trade_id, seq, client_order_id, time, symbol, side, quantity,
      price, fee, liquidity, slippage_cost, reduce_only, tag)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  upsertTrade: `INSERT OR REPLACE INTO trades (run_id, trade_id, symbol, side, signal_type, entry_time, entry_price,
      exit_time, exit_price, quantity, leverage, exit_reason, gross_pnl, fees, funding, slippage_cost, net_pnl,
      liquidated, origin, regime, signal_snapshot, operator_note, mood, confidence)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  insertDecision: `INSERT OR REPLACE INTO decisions
      (run_id, seq, time, kind, detail, price, operator_note, mood, confidence)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  insertRiskDecision: `INSERT OR REPLACE INTO risk_decisions
      (run_id, seq, time, symbol, rule, outcome, origin, message, numbers)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  upsertFunding: `INSERT OR REPLACE INTO funding_payments
      (run_id, time, symbol, rate, interval_hours, mark_price, cashflow, source)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  upsertLiquidation: `INSERT OR REPLACE INTO liquidations
      (run_id, time, symbol, quantity, price, entry_price, leverage, realised_pnl, fee, margin_returned)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  upsertEquity: `INSERT OR REPLACE INTO equity
      (run_id, time, equity, wallet, unrealised_pnl, margin_used, position, price)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  insertLog: 'INSERT OR REPLACE INTO run_logs (run_id, seq, time, message) VALUES (?, ?, ?, ?)',
} as const;
