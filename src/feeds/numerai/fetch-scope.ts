import { type EpochMs, isoTime, parseSince } from '../../core/index.js';
import type { AltDatum } from '../../data/index.js';

/** How far back a first fetch reaches when neither --since nor `data.history` says otherwise. */
export const DEFAULT_BACKFILL = '18mo';

/**
 * Which rounds one fetch reads: a backfill takes every round opened at or after `from`; an
 * incremental fetch resumes after the last stored round, reading the last `reread` stored rounds
 * again so revisions are picked up.
 */
export type FetchScope =
  | {
      readonly mode: 'backfill';
      readonly from: EpochMs;
      readonly why: 'since' | { readonly history: string };
    }
  | { readonly mode: 'incremental'; readonly fromRound: number; readonly lastRound: number };

/** The highest round number among stored per-round rows (their payload's `round`). */
export function lastStoredRound(stored: readonly AltDatum[]): number | undefined {
  let last: number | undefined;
  for (const d of stored) {
    const round = (d.payload as { round?: unknown } | undefined)?.round;
    if (typeof round === 'number' && (last === undefined || round > last)) last = round;
  }
  return last;
}

export function fetchScope(
  stored: readonly AltDatum[],
  since: number | undefined,
  now: EpochMs,
  reread: number,
  history: string,
): FetchScope {
  if (since !== undefined) return { mode: 'backfill', from: since as EpochMs, why: 'since' };
  const lastRound = lastStoredRound(stored);
  if (lastRound !== undefined) return { mode: 'incremental', fromRound: lastRound - reread + 1, lastRound };
  return { mode: 'backfill', from: parseSince(history, now), why: { history } };
}

/** Whether a round (its number and open time) is one this fetch reads. */
export function inScope(scope: FetchScope, round: number, openTime: EpochMs): boolean {
  return scope.mode === 'backfill' ? openTime >= scope.from : round >= scope.fromRound;
}

export function describeScope(scope: FetchScope): string {
  if (scope.mode === 'incremental') {
    return `incremental: after stored round ${scope.lastRound}, re-reading from round ${scope.fromRound}`;
  }
  const why = scope.why === 'since' ? '--since' : `data.history ${scope.why.history}`;
  return `backfill: rounds opened since ${isoTime(scope.from)} (${why})`;
}
