import { type Timeframe, isoTime, timeframeMs } from '../../core/index.js';
import { CandleSeries } from '../series/index.js';
import type { GapTotals, IssueCode } from './import.types.js';
import type { IssueLog } from './issue-log.js';
import type { RowBuffer } from './row-buffer.js';
import { checkOrder } from './row-order.js';

export interface BarsResult {
  readonly series: CandleSeries;
  readonly duplicates: number;
  readonly gaps: GapTotals;
}

/**
 * Validates parsed OHLCV rows (candles or mark prices) and builds the series. Bad rows: a price
 * that is negative or zero, negative volume, high < low, high < max(open, close), low > min(open,
 * close), an open time off the UTC-aligned timeframe grid, a conflicting duplicate or an earlier time.
 * Gaps on the grid are warnings listing the first and last missing open time. Kept rows are compacted
 * in place in `rows`, whose columns then become the series.
 */
export function validateBars(rows: RowBuffer, tf: Timeframe, log: IssueLog): BarsResult {
  const step = timeframeMs(tf);
  const [O, H, L, C, V] = rows.values;
  const T = rows.time;
  let kept = 0;
  let duplicates = 0;
  let gapCount = 0;
  let missing = 0;
  for (let i = 0; i < rows.length; i++) {
    const t = T[i] as number;
    const o = O[i] as number;
    const h = H[i] as number;
    const l = L[i] as number;
    const c = C[i] as number;
    const v = V[i] as number;
    if (
      !(o > 0 && h > 0 && l > 0 && c > 0 && v >= 0) ||
      h < l ||
      h < (o > c ? o : c) ||
      l > (o < c ? o : c)
    ) {
      const [code, text] = barProblem(o, h, l, c, v);
      log.badRow(code, text, rows.line[i] as number);
      continue;
    }
    if (t % step !== 0) {
      log.badRow(
        'OFF_GRID',
        `open time ${isoTime(t)} is not on the ${tf} grid (UTC-aligned)`,
        rows.line[i] as number,
      );
      continue;
    }
    const prev = kept - 1;
    const verdict = checkOrder(rows, i, prev, 5, log);
    if (verdict === 'duplicate') duplicates++;
    if (verdict !== 'next') continue;
    if (prev >= 0) {
      const prevT = T[prev] as number;
      if (t - prevT > step) {
        const n = (t - prevT) / step - 1;
        gapCount++;
        missing += n;
        log.warn(
          'GAP',
          `gap of ${n} missing ${tf} bar${n > 1 ? 's' : ''} from ${isoTime(prevT + step)} to ${isoTime(t - step)}`,
          rows.line[i],
        );
      }
    }
    rows.move(i, kept++);
  }
  // Share the parse buffers when at least half full (the usual case); copy when mostly unused.
  const cut = (col: Float64Array): Float64Array =>
    kept >= col.length / 2 ? col.subarray(0, kept) : col.slice(0, kept);
  const series = new CandleSeries(tf, {
    openTime: cut(T),
    open: cut(O),
    high: cut(H),
    low: cut(L),
    close: cut(C),
    volume: cut(V),
  });
  return { series, duplicates, gaps: { count: gapCount, missing } };
}

function barProblem(o: number, h: number, l: number, c: number, v: number): [IssueCode, string] {
  const prices: [string, number][] = [
    ['open', o],
    ['high', h],
    ['low', l],
    ['close', c],
  ];
  for (const [name, p] of prices) {
    if (p < 0) return ['NEGATIVE_VALUE', `${name} ${p} is negative`];
    if (p === 0) return ['ZERO_PRICE', `${name} is 0: prices must be positive`];
  }
  if (v < 0) return ['NEGATIVE_VALUE', `volume ${v} is negative`];
  if (h < l) return ['OHLC_INCONSISTENT', `high ${h} is below low ${l}`];
  if (h < Math.max(o, c))
    return ['OHLC_INCONSISTENT', `high ${h} is below max(open, close) = ${Math.max(o, c)}`];
  return ['OHLC_INCONSISTENT', `low ${l} is above min(open, close) = ${Math.min(o, c)}`];
}
