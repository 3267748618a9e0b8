/**
 * SYNTHETIC round times for the daily rounds whose scores the double serves (843-1197): the score
 * files hold round numbers only. Numerai's daily rounds open Tuesday to Saturday; counting such days
 * on from the real round 382 (opened Thursday 2022-12-22) puts round 1197 in early February 2026,
 * consistent with the scores file's commit of 2026-02-26. Close and resolve follow the real round
 * 380-382 pattern: close one day after opening, resolve 31 days after opening at 20:00 UTC.
 */

const DAY_MS = 86_400_000;
/** Real: round 382 opened 2022-12-22T13:25:36Z. Synthetic rounds open at 13:00 UTC. */
const ANCHOR_ROUND = 382;
const ANCHOR_DAY = Date.UTC(2022, 11, 22);
const OPEN_HOUR_MS = 13 * 3_600_000;
const RESOLVE_AFTER_DAYS = 31;
const RESOLVE_HOUR_MS = 20 * 3_600_000;
/** The score day the double reports (the files keep the last scoring day 11-20; 20 is the final one). */
export const SCORE_DAY = 20;

/** Tuesday (2) to Saturday (6). */
const isRoundDay = (dayStart: number): boolean => {
  const weekday = new Date(dayStart).getUTCDay();
  return weekday >= 2 && weekday <= 6;
};

export interface SyntheticRoundTimes {
  readonly openTime: number;
  readonly closeTime: number;
  readonly resolveTime: number;
}

/** Synthetic times of daily round `number` (> 382). */
export function syntheticRoundTimes(number: number): SyntheticRoundTimes {
  if (!Number.isInteger(number) || number <= ANCHOR_ROUND) {
    throw new RangeError(`synthetic round times exist only after round ${ANCHOR_ROUND}, not ${number}`);
  }
  let day = ANCHOR_DAY;
  for (let n = ANCHOR_ROUND; n < number;) {
    day += DAY_MS;
    if (isRoundDay(day)) n++;
  }
  const openTime = day + OPEN_HOUR_MS;
  return {
    openTime,
    closeTime: openTime + DAY_MS,
    resolveTime: day + RESOLVE_AFTER_DAYS * DAY_MS + RESOLVE_HOUR_MS,
  };
}
