import type { BacktestResult, GroupStats } from '../backtest/index.js';
import { fmtDays, fmtInt, fmtMoney, fmtPct, fmtRatio, fmtTime, fmtUsdt } from './format.js';
import { reportTitle } from './title.js';

/** One labelled figure of the summary (terminal and HTML show the same rows). */
export interface SummaryRow {
  readonly label: string;
  readonly value: string;
}

/** The headline figures of a result, formatted. */
export function summaryRows(result: BacktestResult): SummaryRow[] {
  const m = result.metrics;
  const c = result.counts;
  const span = result.lastBarClose - result.firstBarOpen;
  const rows: [string, string][] = [
    ['Span', `${fmtTime(result.firstBarOpen)} to ${fmtTime(result.lastBarClose)} UTC (${fmtDays(span)})`],
    ['Bars', fmtInt(c.bars)],
    ['Initial equity', fmtUsdt(m.initialEquity)],
    ['Final equity', fmtUsdt(m.finalEquity)],
    ['Total return', fmtPct(m.totalReturn)],
    ['CAGR', fmtPct(m.cagr)],
    ['Sharpe', fmtRatio(m.sharpe)],
    ['Sortino', fmtRatio(m.sortino)],
    ['Max drawdown', fmtPct(-m.maxDrawdown)],
    ['Max drawdown duration', fmtDays(m.maxDrawdownDurationMs)],
    ['Calmar', fmtRatio(m.calmar)],
    ['Trades', fmtInt(m.trades)],
    ['Win rate', fmtPct(m.winRate)],
    ['Profit factor', fmtRatio(m.profitFactor)],
    ['Expectancy', `${fmtUsdt(m.expectancy)} per trade`],
    ['Exposure', fmtPct(m.exposure)],
    ['Liquidations', fmtInt(m.liquidations)],
    ['Orders', `${fmtInt(c.orders)} (${fmtInt(c.rejectedOrders)} rejected)`],
    ['Fills', fmtInt(c.fills)],
    ['Risk', riskText(result)],
    ['Fees', fmtUsdt(m.fees)],
    ['Funding paid', fmtUsdt(m.fundingPaid)],
    ['Funding received', fmtUsdt(m.fundingReceived)],
    ['Slippage', fmtUsdt(m.slippageCost)],
    ['Funding coverage', fundingCoverageText(result)],
  ];
  return rows.map(([label, value]) => ({ label, value }));
}

/** `real 75.00% / premium estimate 25.00% / constant 0.00% of 12 settlements`. */
export function fundingCoverageText(result: BacktestResult): string {
  const c = result.fundingCoverage;
  if (c.settlements === 0) return 'no funding settlements in the span';
  const s = c.shares;
  // On a synthetic run the "real" settlements are the generated ones the store holds.
  const stored = result.synthetic ? 'stored (synthetic)' : 'real';
  return (
    `${stored} ${fmtPct(s.real)} / premium estimate ${fmtPct(s.premiumEstimate)} / ` +
    `constant ${fmtPct(s.constant)} of ${fmtInt(c.settlements)} settlements`
  );
}

export const BREAKDOWN_HEADER = ['trades', 'net PnL (USDT)', 'win rate'] as const;

/** Rows of a breakdown table: key, trades, net PnL, win rate (keys sorted). */
export function breakdownRows(groups: Readonly<Record<string, GroupStats>>): string[][] {
  return Object.keys(groups)
    .sort()
    .map((key) => {
      const g = groups[key] as GroupStats;
      return [key, fmtInt(g.trades), fmtMoney(g.netPnl), fmtPct(g.winRate)];
    });
}

/**
 * The result as a terminal summary: title (with `[SYNTHETIC] ` when built on generated data), the
 * headline figures, and net PnL by exit reason and by signal type.
 */
export function formatSummary(result: BacktestResult): string {
  const title = reportTitle(result);
  const rows = summaryRows(result);
  const width = Math.max(...rows.map((r) => r.label.length));
  const lines = [title, '='.repeat(title.length)];
  for (const r of rows) lines.push(`${r.label.padEnd(width)}  ${r.value}`);
  for (const [name, groups] of [
    ['exit reason', result.metrics.byExitReason],
    ['signal type', result.metrics.bySignalType],
  ] as const) {
    lines.push('', `By ${name}`);
    const body = breakdownRows(groups);
    if (body.length === 0) lines.push('  (no trades)');
    else lines.push(...textTable([name, ...BREAKDOWN_HEADER], body));
  }
  return `${lines.join('\n')}\n`;
}

/** Columns padded to their widest cell: the first left-aligned, the others right-aligned. */
function textTable(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return all.map((r) => `  ${line(r)}`);
}

/** Risk decisions in one line: refusals and resizes by rule, breaker trips. */
function riskText(result: BacktestResult): string {
  if (!result.spec.risk) return 'off (no risk engine)';
  const c = result.counts;
  const rules = Object.entries(result.riskByRule)
    .map(([rule, n]) => `${rule} ${fmtInt(n.refused + n.resized + n.halted)}`)
    .join(', ');
  return (
    `${fmtInt(c.riskRefused)} refused, ${fmtInt(c.riskResized)} resized, ` +
    `${fmtInt(c.circuitBreakerTrips)} breaker trips${rules ? ` (${rules})` : ''}`
  );
}
