import { DAY_MS, MINUTE_MS } from '../../core/index.js';

/** Minutes after UTC midnight of each `HH:MM`, ascending, without repeats. */
export function digestMinutes(times: readonly string[]): number[] {
  const minutes = times.map((t) => {
    const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(t);
    if (!m)
      throw new RangeError(`alerts.digest.times: ${JSON.stringify(t)} is not HH:MM (UTC, 00:00 to 23:59)`);
    return Number(m[1]) * 60 + Number(m[2]);
  });
  return [...new Set(minutes)].sort((a, b) => a - b);
}

/** The first digest time strictly after `now` (epoch ms, UTC). */
export function nextDigestTime(now: number, times: readonly string[]): number {
  const day = Math.floor(now / DAY_MS) * DAY_MS;
  for (const dayStart of [day, day + DAY_MS])
    for (const m of digestMinutes(times)) {
      const at = dayStart + m * MINUTE_MS;
      if (at > now) return at;
    }
  throw new RangeError('alerts.digest.times is empty');
}
