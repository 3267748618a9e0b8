import { isoTime } from '../../core/index.js';
import type { IssueLog } from './issue-log.js';
import type { RowBuffer } from './row-buffer.js';

/** Verdict on a row's time against the last kept row. */
export type OrderVerdict = 'next' | 'duplicate' | 'bad';

/**
 * Checks row `i` against the last kept row `prev` (-1 for none): an identical repeat of the same time
 * is a warning (kept once), a repeat with different values or an earlier time is a bad row. Files must
 * be in ascending time order: nmrbot reports out-of-order rows instead of sorting them, because a
 * shuffled file usually means a broken export.
 */
export function checkOrder(
  rows: RowBuffer,
  i: number,
  prev: number,
  slots: number,
  log: IssueLog,
): OrderVerdict {
  if (prev < 0) return 'next';
  const t = rows.time[i] as number;
  const prevT = rows.time[prev] as number;
  if (t > prevT) return 'next';
  const line = rows.line[i] as number;
  const prevAt = `${log.unit} ${rows.line[prev]}`;
  if (t < prevT) {
    log.badRow(
      'OUT_OF_ORDER',
      `time ${isoTime(t)} is earlier than ${isoTime(prevT)} on ${prevAt}: rows must be in ascending time order`,
      line,
    );
    return 'bad';
  }
  const differing: string[] = [];
  for (let k = 0; k < slots; k++) {
    if (!Object.is(rows.value(k, i), rows.value(k, prev))) {
      differing.push(`${rows.value(k, prev)} vs ${rows.value(k, i)}`);
    }
  }
  if (differing.length === 0) {
    log.warn('DUPLICATE_ROW', `time ${isoTime(t)} repeats ${prevAt} with identical values; kept once`, line);
    return 'duplicate';
  }
  log.badRow(
    'CONFLICTING_DUPLICATE',
    `time ${isoTime(t)} repeats ${prevAt} with different values (${differing.join(', ')})`,
    line,
  );
  return 'bad';
}
