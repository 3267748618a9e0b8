import type { ClientOrderId, EpochMs, Fill, OrderState } from '../core/index.js';
import type { Decision } from '../kernel/index.js';
import type { RiskDecision } from '../risk/index.js';
import type {
  EquitySample,
  FundingPayment,
  JournalDecision,
  JournalRiskDecision,
  JournalTrade,
  LiquidationRecord,
  LogLine,
  OperatorNote,
  RunKind,
  RunRecord,
} from './journal.types.js';

/**
 * Rows as SQLite returns them (and PostgreSQL too, with its BIGINT columns parsed as numbers), and
 * their mapping to the journal's types. NaN is stored as NULL.
 */

export interface RunRow {
  id: string;
  kind: RunKind;
  strategy: string;
  exchange: string;
  symbol: string;
  timeframe: string;
  started_at: number;
  finished_at: number | null;
  config: string;
  synthetic: number;
  summary: string | null;
}

export interface OrderRow {
  client_order_id: string;
  time: number;
  updated_at: number;
  symbol: string;
  side: OrderState['side'];
  type: OrderState['type'];
  quantity: number;
  price: number | null;
  trigger_price: number | null;
  reduce_only: number;
  status: OrderState['status'];
  filled_quantity: number;
  average_price: number | null;
  reject_reason: string | null;
  tag: string | null;
}

export interface FillRow {
  trade_id: string;
  client_order_id: string;
  time: number;
  symbol: string;
  side: Fill['side'];
  quantity: number;
  price: number;
  fee: number;
  liquidity: Fill['liquidity'];
  slippage_cost: number;
  reduce_only: number;
  tag: string | null;
}

export interface TradeRow {
  trade_id: number;
  symbol: string;
  side: 'long' | 'short';
  signal_type: string;
  entry_time: number;
  entry_price: number | null;
  exit_time: number;
  exit_price: number | null;
  quantity: number;
  leverage: number;
  exit_reason: string;
  gross_pnl: number;
  fees: number;
  funding: number;
  slippage_cost: number;
  net_pnl: number;
  liquidated: number;
  origin: 'auto' | 'manual';
  regime: string | null;
  signal_snapshot: string | null;
  operator_note: string | null;
  mood: string | null;
  confidence: number | null;
}

export interface DecisionRow {
  seq: number;
  time: number;
  kind: Decision['kind'];
  detail: string;
  price: number | null;
  operator_note: string | null;
  mood: string | null;
  confidence: number | null;
}

export interface RiskDecisionRow {
  seq: number;
  time: number;
  symbol: string;
  rule: RiskDecision['rule'];
  outcome: RiskDecision['outcome'];
  origin: RiskDecision['origin'];
  message: string;
  numbers: string;
}

export interface FundingRow {
  time: number;
  symbol: string;
  rate: number;
  interval_hours: number;
  mark_price: number;
  cashflow: number;
  source: string;
}

export interface LiquidationRow {
  time: number;
  symbol: string;
  quantity: number;
  price: number;
  entry_price: number;
  leverage: number;
  realised_pnl: number;
  fee: number;
  margin_returned: number;
}

export interface EquityRow {
  time: number;
  equity: number;
  wallet: number;
  unrealised_pnl: number;
  margin_used: number;
  position: number;
  price: number | null;
}

/** A number for binding: NaN becomes NULL (SQLite would do the same, this makes it explicit). */
export function bindNumber(x: number | undefined): number | null {
  return x === undefined || Number.isNaN(x) ? null : x;
}

function orNaN(x: number | null): number {
  return x ?? NaN;
}

/**
 * JSON for a value that may be missing or not representable (a function): NULL then. Numbers that
 * JSON cannot hold (NaN, ±Infinity) become null, as `JSON.stringify` makes them.
 */
export function jsonOrNull(x: unknown): string | null {
  return x === undefined ? null : (JSON.stringify(x) ?? null);
}

/** A risk decision's numbers as JSON, NaN and ±Infinity kept as the strings 'NaN', 'Infinity', '-Infinity'. */
export function numbersJson(numbers: Readonly<Record<string, number>>): string {
  return JSON.stringify(numbers, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

function numbersOf(text: string): Record<string, number> {
  const parsed = JSON.parse(text) as Record<string, number | string | null>;
  return Object.fromEntries(
    Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? Number(v) : (v ?? NaN)]),
  );
}

function parseJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

export function runOf(r: RunRow): RunRecord {
  return {
    id: r.id,
    kind: r.kind,
    strategy: r.strategy,
    exchange: r.exchange,
    symbol: r.symbol,
    timeframe: r.timeframe,
    startedAt: r.started_at,
    finishedAt: r.finished_at ?? undefined,
    config: parseJson(r.config),
    synthetic: r.synthetic !== 0,
    summary: parseJson(r.summary),
  };
}

export function orderOf(r: OrderRow): OrderState {
  return {
    clientOrderId: r.client_order_id as ClientOrderId,
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    quantity: r.quantity,
    ...(r.price === null ? {} : { price: r.price }),
    ...(r.trigger_price === null ? {} : { triggerPrice: r.trigger_price }),
    reduceOnly: r.reduce_only !== 0,
    ...(r.tag === null ? {} : { tag: r.tag }),
    status: r.status,
    filledQuantity: r.filled_quantity,
    averagePrice: r.average_price ?? undefined,
    createdAt: r.time as EpochMs,
    updatedAt: r.updated_at as EpochMs,
    ...(r.reject_reason === null ? {} : { rejectReason: r.reject_reason }),
  };
}

export function fillOf(r: FillRow): Fill {
  return {
    tradeId: r.trade_id,
    clientOrderId: r.client_order_id as ClientOrderId,
    symbol: r.symbol,
    time: r.time as EpochMs,
    side: r.side,
    quantity: r.quantity,
    price: r.price,
    fee: r.fee,
    liquidity: r.liquidity,
    slippageCost: r.slippage_cost,
    reduceOnly: r.reduce_only !== 0,
    ...(r.tag === null ? {} : { tag: r.tag }),
  };
}

export function tradeOf(r: TradeRow): JournalTrade {
  return {
    id: r.trade_id,
    symbol: r.symbol,
    side: r.side,
    signalType: r.signal_type,
    entryTime: r.entry_time as EpochMs,
    entryPrice: orNaN(r.entry_price),
    exitTime: r.exit_time as EpochMs,
    exitPrice: orNaN(r.exit_price),
    quantity: r.quantity,
    leverage: r.leverage,
    exitReason: r.exit_reason,
    grossPnl: r.gross_pnl,
    fees: r.fees,
    funding: r.funding,
    slippageCost: r.slippage_cost,
    netPnl: r.net_pnl,
    liquidated: r.liquidated !== 0,
    origin: r.origin,
    ...(r.regime === null ? {} : { regime: r.regime }),
    ...snapshotOf(r.signal_snapshot),
    ...operatorNoteOf(r),
  };
}

/** The operator's note, mood and confidence, each only when set. */
function operatorNoteOf(r: {
  operator_note: string | null;
  mood: string | null;
  confidence: number | null;
}): OperatorNote {
  return {
    ...(r.operator_note === null ? {} : { operatorNote: r.operator_note }),
    ...(r.mood === null ? {} : { mood: r.mood }),
    ...(r.confidence === null ? {} : { confidence: r.confidence }),
  };
}

/** The one stored snapshot, under both of its names (the kernel's and the journal's). */
function snapshotOf(text: string | null): { entrySnapshot?: unknown; signalSnapshot?: unknown } {
  if (text === null) return {};
  const snapshot = JSON.parse(text) as unknown;
  return { entrySnapshot: snapshot, signalSnapshot: snapshot };
}

export function decisionOf(r: DecisionRow): JournalDecision {
  return {
    seq: r.seq,
    time: r.time as EpochMs,
    kind: r.kind,
    detail: JSON.parse(r.detail) as Decision['detail'],
    price: orNaN(r.price),
    ...operatorNoteOf(r),
  };
}

export function riskDecisionOf(r: RiskDecisionRow): JournalRiskDecision {
  return {
    seq: r.seq,
    time: r.time as EpochMs,
    symbol: r.symbol,
    rule: r.rule,
    outcome: r.outcome,
    message: r.message,
    numbers: numbersOf(r.numbers),
    origin: r.origin,
  };
}

export function fundingOf(r: FundingRow): FundingPayment {
  return {
    time: r.time,
    symbol: r.symbol,
    rate: r.rate,
    intervalHours: r.interval_hours,
    markPrice: r.mark_price,
    cashflow: r.cashflow,
    source: r.source,
  };
}

export function liquidationOf(r: LiquidationRow): LiquidationRecord {
  return {
    time: r.time,
    symbol: r.symbol,
    quantity: r.quantity,
    price: r.price,
    entryPrice: r.entry_price,
    leverage: r.leverage,
    realisedPnl: r.realised_pnl,
    fee: r.fee,
    marginReturned: r.margin_returned,
  };
}

export function equityOf(r: EquityRow): EquitySample {
  return {
    time: r.time,
    equity: r.equity,
    wallet: r.wallet,
    unrealisedPnl: r.unrealised_pnl,
    marginUsed: r.margin_used,
    position: r.position,
    price: orNaN(r.price),
  };
}

export function logOf(r: LogLine): LogLine {
  return { seq: r.seq, time: r.time, message: r.message };
}
