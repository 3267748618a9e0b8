import type { EpochMs, Fill } from '../../core/index.js';
import type {
  CurrentWeights,
  EquitySample,
  FundingPayment,
  JournalRiskDecision,
  JournalTrade,
  LiquidationRecord,
  RunRecord,
} from '../../journal/index.js';
import type {
  ApiState,
  BreakerView,
  FundingView,
  PositionView,
  SignalFamilyView,
} from '../api-state.types.js';
import type { LastTarget } from './journal-sql.js';
import { bookFill } from '../position-book.js';

const HOUR_MS = 3_600_000;
/** Rows of each list the snapshot carries (the tracker's `recentInState`). */
export const RECENT = 20;
/** Equity points the snapshot carries at most (the curve is thinned evenly, the last point kept). */
export const EQUITY_POINTS = 2_000;
const HALT_OUTCOMES = new Set(['halted', 'flatten']);

/** Everything read from the journal for one run. */
export interface JournalRows {
  readonly run: RunRecord;
  readonly fills: readonly Fill[];
  readonly trades: readonly JournalTrade[];
  readonly riskDecisions: readonly JournalRiskDecision[];
  readonly funding: readonly FundingPayment[];
  readonly liquidations: readonly LiquidationRecord[];
  readonly equity: readonly EquitySample[];
  readonly lastTarget: LastTarget | undefined;
  readonly weights: CurrentWeights | undefined;
}

/** What the journal dashboard adds to `ApiState` (the page ignores it; API clients can read it). */
export interface JournalView {
  readonly runId: string;
  readonly kind: string;
  readonly strategy: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly startedAt: number;
  /** null while the run is going (or if it crashed). */
  readonly finishedAt: number | null;
  readonly synthetic: boolean;
  readonly tradeCount: number;
  /** Where `account.equity` comes from. */
  readonly equitySource: 'equity table' | 'fills' | 'unknown';
  /** Time of the last `equity` row, null when the run has none yet. */
  readonly lastEquityTime: number | null;
  /** The `equity` table, thinned to at most `EQUITY_POINTS` points. */
  readonly equityCurve: readonly { readonly time: number; readonly equity: number }[];
  readonly fundingPayments: readonly FundingPayment[];
  /** Risk decisions of the `circuit_breaker` rule, newest first. */
  readonly breakerEvents: readonly JournalRiskDecision[];
  readonly liquidations: readonly LiquidationRecord[];
  /** The weights last applied in the run's `current_weights` scope. */
  readonly currentWeights: CurrentWeights | null;
  /** Why the last read of the journal failed (the state shown is the last one read); null when it worked. */
  readonly readError: string | null;
  /** ApiState fields the journal does not hold: shown as n/a (null), never guessed. */
  readonly unknown: readonly string[];
}

/**
 * `ApiState` as the journal knows it. A number the journal cannot tell is NaN (JSON null, `n/a` on the
 * page); `paused` is null because a journal does not record pause and resume.
 */
export type JournalApiState = Omit<ApiState, 'paused'> & {
  readonly paused: null;
  readonly journal: JournalView;
};

interface Book {
  quantity: number;
  entryPrice: number;
}

/** Numbers of the run's config (its `BacktestSpec` for a backtest, the session spec for paper and live). */
function runNumbers(config: unknown): {
  initialBalance: number;
  maxLeverage: number;
  maxMarginFraction: number;
} {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const risk = (typeof c.risk === 'object' && c.risk !== null ? c.risk : {}) as Record<string, unknown>;
  const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : Number.NaN);
  return {
    initialBalance: num(c.initialBalance),
    maxLeverage: num(risk.maxLeverage),
    maxMarginFraction: num(risk.maxMarginFraction),
  };
}

/**
 * Replays the fills (and liquidations, which close a position without a fill) in time order: the open
 * position per symbol with its average entry, and the price PnL of closed quantity, as
 * `SessionStateTracker` keeps them from the kernel's events.
 */
export function replayFills(
  fills: readonly Fill[],
  liquidations: readonly LiquidationRecord[],
): { books: Map<string, Book>; pricePnl: number } {
  const books = new Map<string, Book>();
  let pricePnl = 0;
  const liq = [...liquidations].sort((a, b) => a.time - b.time);
  let li = 0;
  const liquidateUpTo = (time: number): void => {
    for (; li < liq.length && (liq[li] as LiquidationRecord).time < time; li++) {
      const l = liq[li] as LiquidationRecord;
      pricePnl += l.realisedPnl;
      books.delete(l.symbol);
    }
  };
  for (const fill of fills) {
    liquidateUpTo(fill.time);
    const book = books.get(fill.symbol) ?? { quantity: 0, entryPrice: 0 };
    pricePnl += bookFill(book, fill);
    if (book.quantity === 0) books.delete(fill.symbol);
    else books.set(fill.symbol, book);
  }
  liquidateUpTo(Number.POSITIVE_INFINITY);
  return { books, pricePnl };
}

/** The latest price the journal saw, and when: fills, equity samples, funding marks, target decisions. */
function latestMark(rows: JournalRows): { price: number; time: number } | undefined {
  let best: { price: number; time: number } | undefined;
  const see = (time: number, price: number): void => {
    if (!Number.isFinite(price)) return;
    if (best === undefined || time >= best.time) best = { price, time };
  };
  for (const f of rows.fills) see(f.time, f.price);
  const e = rows.equity[rows.equity.length - 1];
  if (e !== undefined) see(e.time, e.price);
  for (const p of rows.funding) see(p.time, p.markPrice);
  for (const l of rows.liquidations) see(l.time, l.price);
  if (rows.lastTarget !== undefined) see(rows.lastTarget.time, rows.lastTarget.price);
  return best;
}

function latestTime(rows: JournalRows): EpochMs | null {
  let t = Number.NEGATIVE_INFINITY;
  for (const f of rows.fills) t = Math.max(t, f.time);
  for (const x of rows.trades) t = Math.max(t, x.exitTime);
  for (const d of rows.riskDecisions) t = Math.max(t, d.time);
  for (const p of rows.funding) t = Math.max(t, p.time);
  for (const l of rows.liquidations) t = Math.max(t, l.time);
  const e = rows.equity[rows.equity.length - 1];
  if (e !== undefined) t = Math.max(t, e.time);
  if (rows.lastTarget !== undefined) t = Math.max(t, rows.lastTarget.time);
  return Number.isFinite(t) ? (t as EpochMs) : null;
}

/** The halt in force at `now`, from the journaled `halted` and `flatten` decisions and their `haltedUntil`. */
export function breakerAt(decisions: readonly JournalRiskDecision[], now: number | null): BreakerView {
  let halt: { rule: string; until: number } | undefined;
  for (const d of decisions) {
    const until = d.numbers.haltedUntil;
    if (!HALT_OUTCOMES.has(d.outcome) || typeof until !== 'number' || !Number.isFinite(until)) continue;
    if (halt === undefined || until > halt.until) halt = { rule: d.rule, until };
  }
  if (halt === undefined || now === null || now >= halt.until) {
    return { state: 'active', rule: undefined, until: undefined, calmRemainingMs: 0 };
  }
  return {
    state: 'halted',
    rule: halt.rule,
    until: halt.until as EpochMs,
    calmRemainingMs: halt.until - now,
  };
}

/** Score and families from the last target's snapshot (as the paper dashboard shows them), else the weights. */
function signalsOf(rows: JournalRows): ApiState['signals'] {
  const snap = rows.lastTarget?.snapshot;
  if (typeof snap === 'object' && snap !== null) {
    const { score, families } = snap as { score?: unknown; families?: unknown };
    if (typeof score === 'number' && typeof families === 'object' && families !== null) {
      const list: SignalFamilyView[] = Object.entries(
        families as Record<string, { value?: number | null; effectiveWeight?: number }>,
      ).map(([name, f]) => ({
        name,
        weight: typeof f.effectiveWeight === 'number' ? f.effectiveWeight : Number.NaN,
        score: typeof f.value === 'number' ? f.value : null,
      }));
      return { score, families: list };
    }
  }
  const weights = rows.weights?.weights ?? {};
  return {
    score: null,
    families: Object.entries(weights).map(([name, weight]) => ({ name, weight, score: null })),
  };
}

function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = Math.ceil(items.length / max);
  const out = items.filter((_x, i) => i % step === 0);
  const last = items[items.length - 1] as T;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

const newest = <T>(items: readonly T[], n: number): T[] => items.slice(-n).reverse();

/** The dashboard state of one journaled run. Pure: the same rows give the same state. */
export function journalState(rows: JournalRows, version: number): JournalApiState {
  const { run } = rows;
  const cfg = runNumbers(run.config);
  const time = latestTime(rows);
  const mark = latestMark(rows);
  const { books, pricePnl } = replayFills(rows.fills, rows.liquidations);
  const lastFillTime = rows.fills.reduce((t, f) => Math.max(t, f.time), Number.NEGATIVE_INFINITY);
  const lastSample = rows.equity[rows.equity.length - 1];
  // The sample describes the position as it is now when nothing was filled after it.
  const sampleCurrent = lastSample !== undefined && lastSample.time >= lastFillTime;

  const positions: PositionView[] = [...books.entries()].map(([symbol, b]) => {
    const markPrice = symbol === run.symbol && mark !== undefined ? mark.price : Number.NaN;
    const sampleMargin =
      sampleCurrent && Math.abs(lastSample.position - b.quantity) < 1e-9 ? lastSample.marginUsed : Number.NaN;
    return {
      symbol,
      quantity: b.quantity,
      entryPrice: b.entryPrice,
      markPrice,
      // Isolated margin is entry notional / leverage (the portfolio's rule): leverage from the sampled margin.
      leverage: sampleMargin > 0 ? (Math.abs(b.quantity) * b.entryPrice) / sampleMargin : Number.NaN,
      unrealisedPnl: (markPrice - b.entryPrice) * b.quantity,
    };
  });
  const unrealisedPnl = positions.reduce((s, p) => s + p.unrealisedPnl, 0);
  // A liquidation's fee is not on a fill; it is a fee paid all the same.
  const fees = rows.fills.reduce((s, f) => s + f.fee, 0) + rows.liquidations.reduce((s, l) => s + l.fee, 0);
  const funding = rows.funding.reduce((s, p) => s + p.cashflow, 0);
  const realisedPnl = rows.trades.reduce((s, t) => s + t.netPnl, 0);

  let equity = Number.NaN;
  let equitySource: JournalView['equitySource'] = 'unknown';
  const lastOtherTime = Math.max(
    lastFillTime,
    rows.funding.reduce((t, p) => Math.max(t, p.time), Number.NEGATIVE_INFINITY),
  );
  if (lastSample !== undefined && lastSample.time >= lastOtherTime) {
    equity = lastSample.equity;
    equitySource = 'equity table';
  } else if (Number.isFinite(cfg.initialBalance)) {
    // The wallet from the starting balance and every fill and payment since, plus the open position.
    equity = cfg.initialBalance + pricePnl - fees + funding + unrealisedPnl;
    equitySource = 'fills';
  }

  const notional = positions.reduce((s, p) => s + Math.abs(p.quantity) * p.markPrice, 0);
  const marginUsed = positions.reduce((s, p) => s + (Math.abs(p.quantity) * p.entryPrice) / p.leverage, 0);
  const marginCap = cfg.maxMarginFraction * equity;
  const lastPayment = rows.funding[rows.funding.length - 1];
  const fundingView: FundingView | null =
    lastPayment === undefined
      ? null
      : {
          rate: lastPayment.rate,
          intervalHours: lastPayment.intervalHours,
          lastSettlement: lastPayment.time as EpochMs,
          nextSettlement: (lastPayment.time + lastPayment.intervalHours * HOUR_MS) as EpochMs,
          expectedPayment: positions.reduce((s, p) => s - lastPayment.rate * p.markPrice * p.quantity, 0),
        };

  const unknown = ['paused', 'feeds', 'latency'];
  if (!Number.isFinite(cfg.initialBalance)) unknown.push('account.startingEquity');
  if (!Number.isFinite(equity)) unknown.push('account.equity');
  if (!Number.isFinite(cfg.maxLeverage)) unknown.push('exposure.leverageCap');
  if (!Number.isFinite(cfg.maxMarginFraction)) unknown.push('exposure.marginCapFraction');
  if (positions.some((p) => !Number.isFinite(p.leverage)))
    unknown.push('positions.leverage', 'exposure.marginUsed');
  if (positions.some((p) => !Number.isFinite(p.markPrice))) unknown.push('positions.markPrice');

  return {
    version,
    time,
    paused: null,
    account: {
      startingEquity: cfg.initialBalance,
      equity,
      realisedPnl,
      unrealisedPnl,
      fees,
      funding,
    },
    positions,
    exposure: {
      leverage: equity > 0 ? notional / equity : Number.NaN,
      leverageCap: cfg.maxLeverage,
      marginUsed,
      marginCapFraction: cfg.maxMarginFraction,
      marginUtilisation: marginCap > 0 ? marginUsed / marginCap : Number.NaN,
    },
    funding: fundingView,
    breaker: breakerAt(rows.riskDecisions, time),
    signals: signalsOf(rows),
    recentTrades: newest(rows.trades, RECENT),
    refusedDecisions: newest(
      rows.riskDecisions.filter((d) => d.outcome === 'refused'),
      RECENT,
    ),
    feeds: [],
    latency: [],
    journal: {
      runId: run.id,
      kind: run.kind,
      strategy: run.strategy,
      exchange: run.exchange,
      symbol: run.symbol,
      timeframe: run.timeframe,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt ?? null,
      synthetic: run.synthetic,
      tradeCount: rows.trades.length,
      equitySource,
      lastEquityTime: lastSample?.time ?? null,
      equityCurve: thin(rows.equity, EQUITY_POINTS).map((e) => ({ time: e.time, equity: e.equity })),
      fundingPayments: newest(rows.funding, RECENT),
      breakerEvents: newest(
        rows.riskDecisions.filter((d) => d.rule === 'circuit_breaker'),
        RECENT,
      ),
      liquidations: newest(rows.liquidations, RECENT),
      currentWeights: rows.weights ?? null,
      readError: null,
      unknown,
    },
  };
}
