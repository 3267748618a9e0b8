import type { EpochMs } from '../../core/index.js';
import type { AltDatum } from '../../data/index.js';

const identity = (d: Pick<AltDatum, 'source' | 'key' | 'eventTime'>): string =>
  `${d.source}|${d.key}|${d.eventTime}`;

/** Stored rows by (source, key, eventTime). */
export function indexStored(rows: readonly AltDatum[]): Map<string, AltDatum> {
  return new Map(rows.map((r) => [identity(r), r]));
}

/**
 * A value that differs from the stored one is a revision: nobody could have known it before this
 * fetch, so it becomes available now (or later, if its own rule says so). Unchanged and new rows
 * keep their rule's availableAt.
 */
export function stampRevisions(
  rows: readonly AltDatum[],
  stored: ReadonlyMap<string, AltDatum>,
  now: EpochMs,
): AltDatum[] {
  return rows.map((row) => {
    const old = stored.get(identity(row));
    if (!old) return row;
    const same = old.value === row.value && JSON.stringify(old.payload) === JSON.stringify(row.payload);
    return same ? row : { ...row, availableAt: Math.max(row.availableAt, now) as EpochMs };
  });
}
