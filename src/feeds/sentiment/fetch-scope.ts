import { type EpochMs, HOUR_MS, isoTime } from '../../core/index.js';

/**
 * How far back one fetch pages: a backfill to --since, or as far as the listings go (Reddit's end
 * near 1,000 items, `maxPages` caps every listing); an incremental fetch to `rereadHours` before the
 * end of the last stored hour, so posts that show up late (held for moderation, a source that was
 * down) still land in their hour. Posts before `from` are ignored.
 */
export type SentimentScope =
  | { readonly mode: 'backfill'; readonly from: EpochMs | undefined }
  | { readonly mode: 'incremental'; readonly from: EpochMs; readonly lastHour: EpochMs };

export function fetchScope(
  lastHour: EpochMs | undefined,
  since: number | undefined,
  rereadHours: number,
): SentimentScope {
  // Whole hours: the hour holding --since is read completely.
  if (since !== undefined)
    return { mode: 'backfill', from: (Math.floor(since / HOUR_MS) * HOUR_MS) as EpochMs };
  if (lastHour === undefined) return { mode: 'backfill', from: undefined };
  return { mode: 'incremental', from: (lastHour + HOUR_MS - rereadHours * HOUR_MS) as EpochMs, lastHour };
}

export function describeScope(scope: SentimentScope): string {
  if (scope.mode === 'incremental') {
    return `incremental: after stored hour ${isoTime(scope.lastHour)}, re-reading from ${isoTime(scope.from)}`;
  }
  return scope.from === undefined
    ? 'backfill: as far back as the listings go'
    : `backfill: posts since ${isoTime(scope.from)} (the hour of --since)`;
}
