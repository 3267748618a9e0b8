import { DAY_MS } from '../core/index.js';

/**
 * Number and text formatting shared by the terminal summary and the HTML report. Output is plain
 * ASCII and independent of the machine's locale: `-` for negatives, `,` between thousands, `inf` for
 * an infinite ratio and `n/a` for a value that does not exist (NaN). Negative zero prints as zero.
 */

function fixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const s = Math.abs(x).toFixed(digits);
  const [int = '0', frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = frac === undefined ? grouped : `${grouped}.${frac}`;
  return x < 0 && /[1-9]/.test(s) ? `-${body}` : body;
}

/** A fraction as a percentage with 2 decimals: 0.12345 -> `12.35%`. */
export function fmtPct(x: number): string {
  const s = fixed(x * 100, 2);
  return s === 'n/a' || s.endsWith('inf') ? s : `${s}%`;
}

/** USDT with 2 decimals and thousands separators: `1,039.50 USDT`. */
export function fmtUsdt(x: number): string {
  const s = fixed(x, 2);
  return s === 'n/a' ? s : `${s} USDT`;
}

/** A money amount without the unit (table cells under a `(USDT)` header). */
export function fmtMoney(x: number): string {
  return fixed(x, 2);
}

/** A ratio (Sharpe, Sortino, Calmar, profit factor) with 2 decimals. */
export function fmtRatio(x: number): string {
  return fixed(x, 2);
}

export function fmtInt(x: number): string {
  return fixed(Math.round(x), 0);
}

/** A price with decimals suited to its size (NMR trades around 10 with a 0.001 tick). */
export function fmtPrice(x: number): string {
  const a = Math.abs(x);
  return fixed(x, a >= 1000 ? 2 : a >= 1 ? 4 : 6);
}

/** A quantity: up to 4 decimals, trailing zeros dropped. */
export function fmtQty(x: number): string {
  const s = fixed(x, 4);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A duration in days with 2 decimals: `3.50 d`. */
export function fmtDays(ms: number): string {
  return `${fixed(ms / DAY_MS, 2)} d`;
}

/** `2025-01-06 13:00` (UTC; seconds shown only when not zero). */
export function fmtTime(t: number): string {
  if (!Number.isFinite(t)) return 'n/a';
  const iso = new Date(t).toISOString();
  const secs = iso.slice(17, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${secs === '00.000' ? '' : `:${secs.slice(0, 2)}`}`;
}

/** `2025-01-06` (UTC). */
export function fmtDate(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : 'n/a';
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
