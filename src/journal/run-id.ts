import { createHash, randomUUID } from 'node:crypto';
import type { RunKind, RunMeta } from './journal.types.js';

const PREFIX: Readonly<Record<RunKind, string>> = { backtest: 'bt', paper: 'paper', live: 'live' };

/**
 * JSON with object keys sorted at every level, `undefined` members dropped and non-finite numbers as
 * strings (`"Infinity"`, `"-Infinity"`, `"NaN"`): the same value always gives the same text.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== 'function') out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/**
 * The stem of a deterministic run id: `<bt|paper|live>-<12 hex of the SHA-256 of kind, strategy,
 * market and config>`. Put everything that makes two runs differ (strategy parameters too) in `config`.
 */
export function runIdStem(meta: RunMeta): string {
  const { kind, strategy, exchange, symbol, timeframe, config } = meta;
  const hash = createHash('sha256')
    .update(stableJson({ kind, strategy, exchange, symbol, timeframe, config }))
    .digest('hex');
  return `${PREFIX[kind]}-${hash.slice(0, 12)}`;
}

/**
 * The id of a new run: `meta.id` when given; with `deterministic`, the stem and a counter that goes up
 * with each run of the same inputs (`bt-3f9a0c1d2e4b-1`, `-2`, ...); otherwise a random id
 * (`bt-<uuid>`), so runs of the same inputs never collide. `notBelow` is the lowest counter to hand
 * out: a retry after another writer took the id passes the number it lost, plus one.
 */
export async function newRunId(
  meta: RunMeta,
  countRuns: (prefix: string) => Promise<number>,
  notBelow = 1,
): Promise<string> {
  if (meta.id !== undefined) return meta.id;
  if (!meta.deterministic) return `${PREFIX[meta.kind]}-${randomUUID()}`;
  const stem = runIdStem(meta);
  return `${stem}-${Math.max(notBelow, (await countRuns(`${stem}-`)) + 1)}`;
}
