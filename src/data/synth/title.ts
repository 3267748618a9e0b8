import { DAY_MS, isoTime } from '../../core/index.js';

/** Exchange id synthetic series are stored under by default: never a real venue's id. */
export const SYNTHETIC_EXCHANGE = 'synthetic';
/** The perpetual the synthetic market imitates (ccxt symbol). */
export const SYNTHETIC_SYMBOL = 'NMR/USDT:USDT';
/** Version of the generator; part of every stored source so regenerated data can be told apart. */
export const SYNTH_VERSION = 1;
/** What every report title built on synthetic data starts with. */
export const SYNTHETIC_TITLE_PREFIX = '[SYNTHETIC] ';

/** True when `title` is marked as built on synthetic data. */
export function isSyntheticTitle(title: string): boolean {
  return title.startsWith(SYNTHETIC_TITLE_PREFIX);
}

/** `base` prefixed with `[SYNTHETIC] ` when the data behind it is synthetic (never twice). */
export function syntheticTitle(base: string, synthetic: boolean): string {
  return synthetic && !isSyntheticTitle(base) ? SYNTHETIC_TITLE_PREFIX + base : base;
}

/** The store `source` of a generated series, e.g. `synth seed=7 days=3 start=2025-01-01 v1`. */
export function syntheticSource(run: { seed: number; days: number; start: number }): string {
  const start = run.start % DAY_MS === 0 ? isoTime(run.start).slice(0, 10) : isoTime(run.start);
  return `synth seed=${run.seed} days=${run.days} start=${start} v${SYNTH_VERSION}`;
}
