import { type EpochMs, HOUR_MS } from '../../core/index.js';
import type { AltDatum } from '../../data/index.js';
import { aggregateHours, hourOf, hourRows, stampRevisions } from './hourly.js';
import { SENTIMENT_KEYS, SENTIMENT_SOURCE } from './keys.js';
import type { ScoredPost } from './post.types.js';

export interface HourPlanInput {
  /** Every post that counts (stored and fetched, de-duplicated). */
  readonly kept: readonly ScoredPost[];
  /** Hours of the posts this fetch read (complete hours, in scope). */
  readonly fetchedHours: readonly number[];
  /** Hours of stored posts that turned out to duplicate an earlier one. */
  readonly displacedHours: readonly number[];
  /** Complete hours this fetch looked at: [coverFrom, openHour), every one gets at least a volume row. */
  readonly coverFrom: number | undefined;
  readonly openHour: number;
  /** Every stored sentiment row. */
  readonly stored: readonly AltDatum[];
  readonly now: EpochMs;
}

const volumeRow = (hour: number): AltDatum => ({
  source: SENTIMENT_SOURCE,
  key: SENTIMENT_KEYS.volume,
  eventTime: hour as EpochMs,
  availableAt: (hour + HOUR_MS) as EpochMs,
  value: 0,
  payload: { reddit: 0, forum: 0, news: 0 },
});

/**
 * The rows one fetch writes. Every hour it touched is aggregated again from all its posts; every
 * complete hour it looked at without finding a post gets `sentiment_volume` 0 (a quiet hour is data,
 * and a post showing up there later is then a revision, not a first sighting). A stored hour whose
 * posts all turned out to be duplicates gets score and volume 0 (the store cannot delete rows).
 * Revisions are stamped with the fetch time (see stampRevisions).
 */
export function plannedRows(input: HourPlanInput): AltDatum[] {
  const affected = new Set<number>([...input.fetchedHours, ...input.displacedHours]);
  if (input.coverFrom !== undefined) {
    for (let h: number = hourOf(input.coverFrom); h < input.openHour; h += HOUR_MS) affected.add(h);
  }
  const hours = aggregateHours(input.kept.filter((p) => affected.has(hourOf(p.postedAt))));
  const live = new Set<number>(hours.map((h) => h.hour));
  const storedScores = new Set(
    input.stored.filter((d) => d.key === SENTIMENT_KEYS.score).map((d) => d.eventTime as number),
  );
  const quiet = [...affected]
    .filter((h) => !live.has(h))
    .sort((a, b) => a - b)
    .flatMap((h): AltDatum[] => {
      if (!storedScores.has(h)) return [volumeRow(h)];
      const payload = { posts: 0, weight: 0, scorers: [], items: [] };
      return [{ ...volumeRow(h), key: SENTIMENT_KEYS.score, payload }, volumeRow(h)];
    });
  const storedInAffected = input.stored.filter((d) => affected.has(d.eventTime));
  return stampRevisions([...hours.flatMap(hourRows), ...quiet], storedInAffected, input.now);
}
