import { type EpochMs, type Timeframe, isoTime, timeframeMs } from '../../core/index.js';
import {
  type FundingEvent,
  type FundingSegment,
  FundingSeries,
  type OpenInterestPoint,
} from '../series/index.js';
import type { GapTotals } from './import.types.js';
import type { IssueLog } from './issue-log.js';
import type { RowBuffer } from './row-buffer.js';
import { checkOrder } from './row-order.js';

/** A funding rate beyond this per settlement is legal but more likely a percentage than a fraction. */
const UNUSUAL_RATE = 0.05;

export interface FundingResult {
  readonly events: FundingEvent[];
  readonly duplicates: number;
  readonly gaps: GapTotals;
  readonly segments: FundingSegment[];
}

/**
 * Validates funding rows (slots: rate, mark price, interval hours). The row time is the settlement
 * time. Intervals are inferred by FundingSeries from the spacing (never assumed 8 h); missed
 * settlements under the interval in force are gap warnings.
 */
export function validateFunding(rows: RowBuffer, log: IssueLog): FundingResult {
  const events: FundingEvent[] = [];
  const lines: number[] = [];
  let prev = -1;
  let duplicates = 0;
  for (let i = 0; i < rows.length; i++) {
    const line = rows.line[i] as number;
    const rate = rows.value(0, i);
    const mark = rows.value(1, i);
    const interval = rows.value(2, i);
    if (mark <= 0) {
      log.badRow(mark < 0 ? 'NEGATIVE_VALUE' : 'ZERO_PRICE', `markPrice ${mark} is not positive`, line);
      continue;
    }
    if (interval <= 0 || interval > 24) {
      log.badRow('OUT_OF_RANGE', `intervalHours ${interval} is outside (0, 24]`, line);
      continue;
    }
    const verdict = checkOrder(rows, i, prev, 3, log);
    if (verdict === 'duplicate') duplicates++;
    if (verdict !== 'next') continue;
    if (Math.abs(rate) > UNUSUAL_RATE) {
      log.warn(
        'UNUSUAL_VALUE',
        `rate ${rate} is beyond ±${UNUSUAL_RATE} per settlement: is it in percent?`,
        line,
      );
    }
    events.push({
      time: rows.time[i] as EpochMs,
      rate,
      markPrice: Number.isNaN(mark) ? undefined : mark,
      intervalHours: Number.isNaN(interval) ? undefined : interval,
    });
    lines.push(line);
    prev = i;
  }
  const series = new FundingSeries(events);
  let missing = 0;
  const gaps = series.gaps();
  for (const g of gaps) {
    missing += g.missing;
    const at = lines[events.findIndex((e) => e.time === g.before)];
    log.warn(
      'GAP',
      `gap of ${g.missing} missing funding settlement${g.missing > 1 ? 's' : ''} between ${isoTime(g.after)} and ${isoTime(g.before)}`,
      at,
    );
  }
  return { events, duplicates, gaps: { count: gaps.length, missing }, segments: series.segments() };
}

export interface OpenInterestResult {
  readonly points: OpenInterestPoint[];
  readonly duplicates: number;
  readonly gaps: GapTotals;
}

/** Validates open-interest rows (slots: amount, value); gaps are checked only on a known sampling period. */
export function validateOpenInterest(
  rows: RowBuffer,
  timeframe: Timeframe | undefined,
  log: IssueLog,
): OpenInterestResult {
  const step = timeframe ? timeframeMs(timeframe) : Infinity;
  const points: OpenInterestPoint[] = [];
  let prev = -1;
  let duplicates = 0;
  let count = 0;
  let missing = 0;
  for (let i = 0; i < rows.length; i++) {
    const line = rows.line[i] as number;
    const amount = rows.value(0, i);
    const value = rows.value(1, i);
    if (amount < 0 || value < 0) {
      const [name, v] = amount < 0 ? ['amount', amount] : ['value', value];
      log.badRow('NEGATIVE_VALUE', `${name} ${v} is negative`, line);
      continue;
    }
    const verdict = checkOrder(rows, i, prev, 2, log);
    if (verdict === 'duplicate') duplicates++;
    if (verdict !== 'next') continue;
    const t = rows.time[i] as number;
    if (prev >= 0 && t - (rows.time[prev] as number) > step) {
      const n = Math.round((t - (rows.time[prev] as number)) / step) - 1;
      if (n > 0) {
        count++;
        missing += n;
        log.warn('GAP', `gap of ${n} missing ${timeframe} samples before ${isoTime(t)}`, line);
      }
    }
    points.push({ time: t as EpochMs, amount, value: Number.isNaN(value) ? undefined : value });
    prev = i;
  }
  return { points, duplicates, gaps: { count, missing } };
}
