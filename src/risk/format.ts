import { isoTime } from '../core/index.js';

/** A number for a decision message: thousands separators, no float noise (1200.0000000000002 → 1,200). */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const rounded = Number(x.toPrecision(9));
  return (rounded === 0 ? 0 : rounded).toLocaleString('en-US', { maximumFractionDigits: 10 });
}

/** A fraction as a percentage to 4 significant digits (0.4 → 40%, 0.0005 → 0.05%, 0.0810811 → 8.108%). */
export function pct(x: number): string {
  return Number.isFinite(x) ? `${num(Number((x * 100).toPrecision(4)))}%` : String(x);
}

/** A signed fraction as a percentage (0.0005 → +0.05%). */
export function signedPct(x: number): string {
  return x > 0 ? `+${pct(x)}` : pct(x);
}

/** A time for a decision message (ISO-8601 UTC). */
export function at(t: number): string {
  return isoTime(t);
}
