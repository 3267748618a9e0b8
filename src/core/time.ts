/** Integer milliseconds since the Unix epoch, UTC. Every time in nmrbot is one of these. */
export type EpochMs = number & { readonly __brand: 'EpochMs' };

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Brands a number as an epoch-ms time after checking it is an integer. */
export function epochMs(value: number): EpochMs {
  if (!Number.isInteger(value)) throw new RangeError(`not an integer epoch-ms time: ${value}`);
  return value as EpochMs;
}

export function isoTime(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString() : String(t);
}

const DURATION_UNITS_MS: Record<string, number> = {
  s: 1000,
  m: MINUTE_MS,
  min: MINUTE_MS,
  h: HOUR_MS,
  d: DAY_MS,
  w: 7 * DAY_MS,
};

/**
 * Parses a look-back such as `18mo`, `30d`, `12h`, `2w` or `1y` into milliseconds before `now`,
 * returning the start time. Months and years are calendar months in UTC.
 */
export function parseSince(text: string, now: number): EpochMs {
  const iso = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && Number.isFinite(iso)) return epochMs(iso);
  const m = /^(\d+)(mo|y|s|min|m|h|d|w)$/.exec(text.trim());
  if (!m) throw new RangeError(`cannot read "${text}" as a look-back (examples: 18mo, 30d, 12h, 2024-01-01)`);
  const n = Number(m[1]);
  const unit = m[2] ?? '';
  if (unit === 'mo' || unit === 'y') {
    const d = new Date(now);
    d.setUTCMonth(d.getUTCMonth() - (unit === 'y' ? 12 * n : n));
    return epochMs(d.getTime());
  }
  return epochMs(now - n * (DURATION_UNITS_MS[unit] ?? 0));
}
