const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

/** Epoch-ms values below this (March 1973) are almost certainly epoch seconds. */
const MIN_EPOCH_MS = 1e11;

/**
 * Reads an event time: ISO-8601 with a zone (`2025-01-06T12:00:00Z`, `+00:00`) or integer epoch ms.
 * Returns the time or a reason it cannot be read.
 */
export function parseEventTime(value: unknown): { time: number } | { error: string } {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
    const ms = Number(value);
    if (!Number.isSafeInteger(ms)) return { error: `${String(value)} is not an integer epoch-ms time` };
    if (ms < MIN_EPOCH_MS)
      return { error: `${ms} is too small for epoch ms (it looks like epoch seconds; multiply by 1000)` };
    return { time: ms };
  }
  if (typeof value !== 'string')
    return { error: `must be an ISO-8601 UTC time or epoch ms (got ${typeof value})` };
  const m = ISO.exec(value.trim());
  if (m === null) {
    const hint = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim())
      ? ' (it has no time zone: end it with Z for UTC)'
      : '';
    return {
      error: `cannot read "${value}" as an ISO-8601 UTC time such as 2025-01-06T12:00:00Z or epoch ms${hint}`,
    };
  }
  const [year, month, day, hour, minute, second, fraction] = [1, 2, 3, 4, 5, 6, 7].map((i) => m[i]);
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second ?? 0);
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59)
    return { error: `"${value}" is not a real date and time` };
  const ms = Number((fraction ?? '').padEnd(3, '0'));
  const sign = m[9] === '-' ? -1 : 1;
  const offsetMinutes = m[8] === 'Z' ? 0 : sign * (Number(m[10]) * 60 + Number(m[11]));
  return { time: Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000 };
}
