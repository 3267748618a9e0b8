import { DAY_MS } from '../core/index.js';
import type { EquityCurve, TradeRecord } from '../kernel/index.js';

export interface GroupStats {
  readonly trades: number;
  readonly netPnl: number;
  readonly winRate: number;
}

export interface BacktestMetrics {
  readonly initialEquity: number;
  readonly finalEquity: number;
  readonly totalReturn: number;
  /** Compounded annual growth over the run's span (365-day years). */
  readonly cagr: number;
  /** Mean / stdev of daily returns x sqrt(365); daily = last equity sample of each UTC day. */
  readonly sharpe: number;
  /** Mean daily return / downside deviation x sqrt(365). */
  readonly sortino: number;
  /** Largest peak-to-trough fall, as a fraction of the peak (0.25 = -25%). */
  readonly maxDrawdown: number;
  /** Longest time from a peak to the recovery of that peak (or the end), ms. */
  readonly maxDrawdownDurationMs: number;
  readonly calmar: number;
  readonly trades: number;
  readonly winRate: number;
  /** Gross wins / gross losses of net trade PnL (Infinity with no losing trade). */
  readonly profitFactor: number;
  /** Mean net PnL per trade, USDT. */
  readonly expectancy: number;
  /** Share of bars ending with an open position. */
  readonly exposure: number;
  readonly liquidations: number;
  readonly fees: number;
  readonly fundingPaid: number;
  readonly fundingReceived: number;
  readonly slippageCost: number;
  readonly byExitReason: Readonly<Record<string, GroupStats>>;
  readonly bySignalType: Readonly<Record<string, GroupStats>>;
}

export function computeMetrics(
  equity: EquityCurve,
  trades: readonly TradeRecord[],
  initialEquity: number,
  extra: { fees: number; fundingPaid: number; fundingReceived: number; slippageCost: number },
): BacktestMetrics {
  const eq = equity.column('equity');
  const time = equity.column('time');
  const pos = equity.column('position');
  const finalEquity = eq.length ? (eq[eq.length - 1] as number) : initialEquity;
  const spanMs = eq.length ? (time[time.length - 1] as number) - (time[0] as number) : 0;
  const totalReturn = finalEquity / initialEquity - 1;
  const years = spanMs / (365 * DAY_MS);
  const cagr =
    years > 0 && finalEquity > 0 ? Math.pow(finalEquity / initialEquity, 1 / years) - 1 : totalReturn;
  const daily = dailyReturns(time, eq, initialEquity);
  const { maxDrawdown, durationMs } = drawdown(time, eq, initialEquity);
  let exposed = 0;
  for (const p of pos) if (p !== 0) exposed++;
  const wins = trades.filter((t) => t.netPnl > 0);
  const grossWin = wins.reduce((s, t) => s + t.netPnl, 0);
  const grossLoss = -trades.filter((t) => t.netPnl < 0).reduce((s, t) => s + t.netPnl, 0);
  return {
    initialEquity,
    finalEquity,
    totalReturn,
    cagr,
    sharpe: sharpe(daily),
    sortino: sortino(daily),
    maxDrawdown,
    maxDrawdownDurationMs: durationMs,
    calmar: maxDrawdown > 0 ? cagr / maxDrawdown : 0,
    trades: trades.length,
    winRate: trades.length ? wins.length / trades.length : 0,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : grossWin > 0 ? Infinity : 0,
    expectancy: trades.length ? trades.reduce((s, t) => s + t.netPnl, 0) / trades.length : 0,
    exposure: pos.length ? exposed / pos.length : 0,
    liquidations: trades.filter((t) => t.liquidated).length,
    fees: extra.fees,
    fundingPaid: extra.fundingPaid,
    fundingReceived: extra.fundingReceived,
    slippageCost: extra.slippageCost,
    byExitReason: groupBy(trades, (t) => t.exitReason),
    bySignalType: groupBy(trades, (t) => t.signalType),
  };
}

/** Returns of the last equity sample of each UTC day against the previous day's (first: the start). */
export function dailyReturns(time: Float64Array, eq: Float64Array, initialEquity: number): number[] {
  const out: number[] = [];
  let prev = initialEquity;
  for (let i = 0; i < eq.length; i++) {
    const day = Math.floor(((time[i] as number) - 1) / DAY_MS);
    const nextDay = i + 1 < eq.length ? Math.floor(((time[i + 1] as number) - 1) / DAY_MS) : Infinity;
    if (nextDay !== day) {
      const e = eq[i] as number;
      out.push(prev !== 0 ? e / prev - 1 : 0);
      prev = e;
    }
  }
  return out;
}

export function sharpe(returns: readonly number[]): number {
  if (returns.length < 2) return 0;
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);
  return variance > 0 ? (mean / Math.sqrt(variance)) * Math.sqrt(365) : 0;
}

export function sortino(returns: readonly number[]): number {
  if (returns.length < 2) return 0;
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  const downside = Math.sqrt(returns.reduce((s, r) => s + Math.min(0, r) ** 2, 0) / returns.length);
  return downside > 0 ? (mean / downside) * Math.sqrt(365) : 0;
}

export function drawdown(
  time: Float64Array,
  eq: Float64Array,
  initialEquity: number,
): { maxDrawdown: number; durationMs: number } {
  let peak = initialEquity;
  let peakTime = eq.length ? (time[0] as number) : 0;
  let maxDd = 0;
  let longest = 0;
  let under = false;
  for (let i = 0; i < eq.length; i++) {
    const e = eq[i] as number;
    const t = time[i] as number;
    if (e >= peak) {
      if (under) longest = Math.max(longest, t - peakTime);
      peak = e;
      peakTime = t;
      under = false;
    } else {
      under = true;
      maxDd = Math.max(maxDd, (peak - e) / peak);
    }
  }
  if (under) longest = Math.max(longest, (time[eq.length - 1] as number) - peakTime);
  return { maxDrawdown: maxDd, durationMs: longest };
}

function groupBy(
  trades: readonly TradeRecord[],
  key: (t: TradeRecord) => string,
): Record<string, GroupStats> {
  const groups = new Map<string, TradeRecord[]>();
  for (const t of trades) groups.set(key(t), [...(groups.get(key(t)) ?? []), t]);
  const out: Record<string, GroupStats> = {};
  for (const [k, list] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    out[k] = {
      trades: list.length,
      netPnl: list.reduce((s, t) => s + t.netPnl, 0),
      winRate: list.filter((t) => t.netPnl > 0).length / list.length,
    };
  }
  return out;
}
