import type { BacktestResult } from '../backtest/index.js';
import type { TradeRecord } from '../kernel/index.js';
import { escapeHtml, fmtInt, fmtMoney, fmtPrice, fmtQty, fmtTime } from './format.js';
import { BREAKDOWN_HEADER, breakdownRows, summaryRows } from './summary.js';

/** Trades listed in full up to this many; beyond it the first and last halves are shown. */
export const MAX_TRADE_ROWS = 1000;

function row(cells: readonly string[], tag: 'td' | 'th' = 'td', cls?: (i: number) => string): string {
  const inner = cells
    .map((c, i) => {
      const k = cls?.(i);
      return `<${tag}${k ? ` class="${k}"` : ''}>${escapeHtml(c)}</${tag}>`;
    })
    .join('');
  return `<tr>${inner}</tr>`;
}

const numeric = (i: number) => (i === 0 ? '' : 'n');

export function summaryTable(result: BacktestResult): string {
  const body = summaryRows(result)
    .map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${escapeHtml(r.value)}</td></tr>`)
    .join('');
  return `<table class="summary">${body}</table>`;
}

export function breakdownTables(result: BacktestResult): string {
  const out: string[] = [];
  for (const [name, groups] of [
    ['exit reason', result.metrics.byExitReason],
    ['signal type', result.metrics.bySignalType],
  ] as const) {
    const body = breakdownRows(groups);
    const table =
      body.length === 0
        ? '<p class="muted">No trades.</p>'
        : `<table><thead>${row([name, ...BREAKDOWN_HEADER], 'th', numeric)}</thead><tbody>` +
          body.map((r) => row(r, 'td', numeric)).join('') +
          '</tbody></table>';
    out.push(`<section class="half"><h3>By ${escapeHtml(name)}</h3>${table}</section>`);
  }
  return `<div class="pair">${out.join('')}</div>`;
}

const TRADE_HEADER = [
  '#',
  'side',
  'signal',
  'entry time',
  'entry',
  'exit time',
  'exit',
  'qty',
  'lev',
  'exit reason',
  'gross',
  'fees',
  'funding',
  'net (USDT)',
] as const;
const TEXT_COLUMNS = new Set([1, 2, 3, 5, 9]);

function tradeCells(t: TradeRecord): string[] {
  return [
    String(t.id),
    t.side,
    t.signalType,
    fmtTime(t.entryTime),
    fmtPrice(t.entryPrice),
    fmtTime(t.exitTime),
    fmtPrice(t.exitPrice),
    fmtQty(t.quantity),
    `${fmtQty(t.leverage)}x`,
    t.liquidated ? `${t.exitReason} (liquidated)` : t.exitReason,
    fmtMoney(t.grossPnl),
    fmtMoney(t.fees),
    fmtMoney(t.funding),
    fmtMoney(t.netPnl),
  ];
}

/** The trade list; with more than `MAX_TRADE_ROWS` trades, the first and last halves and a note. */
export function tradeTable(trades: readonly TradeRecord[]): string {
  if (trades.length === 0) return '<p class="muted">No trades.</p>';
  const cls = (i: number) => (TEXT_COLUMNS.has(i) ? '' : 'n');
  const half = MAX_TRADE_ROWS / 2;
  const cut = trades.length > MAX_TRADE_ROWS;
  const shown = cut ? [...trades.slice(0, half), ...trades.slice(-half)] : trades;
  const rows = shown.map((t) => {
    const r = row(tradeCells(t), 'td', cls);
    return t.netPnl > 0
      ? r.replace('<tr>', '<tr class="win">')
      : t.netPnl < 0
        ? r.replace('<tr>', '<tr class="loss">')
        : r;
  });
  if (cut) {
    const gap = `<tr><td colspan="${TRADE_HEADER.length}" class="muted">... ${fmtInt(trades.length - MAX_TRADE_ROWS)} trades not shown ...</td></tr>`;
    rows.splice(half, 0, gap);
  }
  const note = cut
    ? `<p class="muted">Showing the first and last ${fmtInt(half)} of ${fmtInt(trades.length)} trades; the JSON result and the journal hold all of them.</p>`
    : '';
  return `${note}<div class="scroll"><table class="trades"><thead>${row(TRADE_HEADER, 'th', cls)}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}
