import type { BacktestCounts, BacktestMetrics, BacktestResult, GroupStats } from '../backtest/index.js';
import type { EquityField, TradeRecord } from '../kernel/index.js';
import { reportTitle } from './title.js';

/** Identifies the document `resultToJson` writes; bumped when its layout changes. */
export const RESULT_JSON_FORMAT = 'nmrbot.backtest-result/1';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A number JSON can hold: finite numbers as they are, `Infinity` and `-Infinity` as the strings
 * `"Infinity"` and `"-Infinity"` (a profit factor without losing trades), NaN as `null`.
 */
export function jsonNumber(x: number): number | string | null {
  if (Number.isFinite(x)) return Object.is(x, -0) ? 0 : x;
  return Number.isNaN(x) ? null : x > 0 ? 'Infinity' : '-Infinity';
}

/** Any plain value as JSON with object keys sorted at every level; `undefined` becomes `null`. */
export function canonicalJson(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return jsonNumber(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, jsonNumber);
  }
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (typeof v !== 'function') out[key] = canonicalJson(v);
    }
    return out;
  }
  return typeof value === 'bigint' ? value.toString() : null;
}

// Key order of the document. Each table lists every field of its type (the compiler checks that),
// so a new field is a compile error here rather than a silently missing key.
const COUNT_KEYS = {
  bars: 0,
  orders: 0,
  rejectedOrders: 0,
  fills: 0,
  fundingSettlements: 0,
  skippedOrders: 0,
  riskRefused: 0,
  riskResized: 0,
  circuitBreakerTrips: 0,
} satisfies Record<keyof BacktestCounts, 0>;

const METRIC_KEYS = {
  initialEquity: 0,
  finalEquity: 0,
  totalReturn: 0,
  cagr: 0,
  sharpe: 0,
  sortino: 0,
  maxDrawdown: 0,
  maxDrawdownDurationMs: 0,
  calmar: 0,
  trades: 0,
  winRate: 0,
  profitFactor: 0,
  expectancy: 0,
  exposure: 0,
  liquidations: 0,
  fees: 0,
  fundingPaid: 0,
  fundingReceived: 0,
  slippageCost: 0,
} satisfies Record<Exclude<keyof BacktestMetrics, 'byExitReason' | 'bySignalType'>, 0>;

const TRADE_KEYS = {
  id: 0,
  symbol: 0,
  side: 0,
  signalType: 0,
  entryTime: 0,
  entryPrice: 0,
  exitTime: 0,
  exitPrice: 0,
  quantity: 0,
  leverage: 0,
  exitReason: 0,
  grossPnl: 0,
  fees: 0,
  funding: 0,
  slippageCost: 0,
  netPnl: 0,
  liquidated: 0,
  entrySnapshot: 0,
} satisfies Record<keyof TradeRecord, 0>;

const EQUITY_KEYS = {
  time: 0,
  equity: 0,
  wallet: 0,
  unrealisedPnl: 0,
  marginUsed: 0,
  position: 0,
  price: 0,
} satisfies Record<EquityField, 0>;

function pick<T extends object>(obj: T, keys: Partial<Record<keyof T, 0>>): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(keys) as (keyof T & string)[]) out[key] = canonicalJson(obj[key]);
  return out;
}

function groups(g: Readonly<Record<string, GroupStats>>): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(g).sort()) {
    const s = g[key] as GroupStats;
    out[key] = { trades: s.trades, netPnl: jsonNumber(s.netPnl), winRate: jsonNumber(s.winRate) };
  }
  return out;
}

/** Everything of a result except its trade list and equity curve (the journal's run summary). */
export function resultSummaryJson(result: BacktestResult): { [key: string]: JsonValue } {
  const c = result.fundingCoverage;
  return {
    format: RESULT_JSON_FORMAT,
    title: reportTitle(result),
    strategy: result.strategy,
    synthetic: result.synthetic,
    firstBarOpen: result.firstBarOpen,
    lastBarClose: result.lastBarClose,
    spec: canonicalJson(result.spec),
    counts: pick(result.counts, COUNT_KEYS),
    riskByRule: canonicalJson(result.riskByRule),
    fundingCoverage: {
      settlements: c.settlements,
      real: c.real,
      premiumEstimate: c.premiumEstimate,
      constant: c.constant,
      shares: {
        real: jsonNumber(c.shares.real),
        premiumEstimate: jsonNumber(c.shares.premiumEstimate),
        constant: jsonNumber(c.shares.constant),
      },
    },
    metrics: {
      ...pick(result.metrics, METRIC_KEYS),
      byExitReason: groups(result.metrics.byExitReason),
      bySignalType: groups(result.metrics.bySignalType),
    },
  };
}

/**
 * The whole result as a plain JSON document: the summary, then `trades` (objects in a fixed key
 * order) and `equity` (one array per column). No functions, typed arrays or `undefined`; keys are in
 * a fixed order, so `JSON.stringify` of two runs of the same input gives the same bytes. Non-finite
 * numbers follow `jsonNumber`: `"Infinity"`/`"-Infinity"` strings, NaN as `null`.
 */
export function resultToJson(result: BacktestResult): { [key: string]: JsonValue } {
  const equity: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(EQUITY_KEYS) as EquityField[]) {
    equity[key] = Array.from(result.equity.column(key), jsonNumber);
  }
  return {
    ...resultSummaryJson(result),
    trades: result.trades.map((t) => pick(t, TRADE_KEYS)),
    equity,
  };
}
