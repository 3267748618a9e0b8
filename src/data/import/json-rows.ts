import { InputError } from '../../core/index.js';
import type { SeriesKind } from '../store/index.js';
import { VALUE_FIELDS } from './column-map.js';
import { timeProblem } from './csv-scan.js';
import type { ImportFormat } from './import.types.js';
import type { IssueLog } from './issue-log.js';
import { numberFromJson } from './number-parse.js';
import { RowBuffer, VALUE_SLOTS } from './row-buffer.js';
import { MAX_PLAUSIBLE_MS, MIN_PLAUSIBLE_MS, type TimeReader } from './time-parse.js';

/** Element lengths of the JSON array layouts. */
const JSON_WIDTH: Partial<Record<ImportFormat, number>> = { 'freqtrade-json': 6, 'binance-api-json': 12 };

/** Which JSON layout an array of rows is: `[ms,o,h,l,c,v]` (freqtrade) or Binance's 12-element klines. */
export function detectJsonFormat(file: string, value: unknown): ImportFormat {
  if (!Array.isArray(value)) {
    throw new InputError(`${file}: unknown JSON layout: expected an array of rows, found ${typeof value}`);
  }
  const first: unknown = value[0];
  if (first === undefined || (Array.isArray(first) && first.length === 6)) return 'freqtrade-json';
  if (Array.isArray(first) && first.length === 12) return 'binance-api-json';
  throw new InputError(
    `${file}: unknown JSON layout: rows should be [time, open, high, low, close, volume] (freqtrade) ` +
      `or Binance's 12-element klines; the first row is ${JSON.stringify(first).slice(0, 80)}`,
  );
}

/**
 * Reads a JSON array of kline arrays into `rows`. Both layouts put time, open, high, low, close and
 * volume first; funding files (freqtrade) keep the rate in `open`. Issues are located by element
 * number (1-based). Returns the number of elements seen.
 */
export function readJsonRows(
  file: string,
  value: readonly unknown[],
  format: ImportFormat,
  kind: SeriesKind,
  reader: TimeReader,
  rows: RowBuffer,
  log: IssueLog,
): number {
  const width = JSON_WIDTH[format];
  if (width === undefined) throw new InputError(`${file}: format ${format} is not a JSON layout`);
  if (kind === 'oi' || (kind === 'funding' && format !== 'freqtrade-json')) {
    throw new InputError(`${file}: ${format} files hold candles or mark prices, not ${kind}`);
  }
  const names = VALUE_FIELDS[kind];
  const scratch = new Float64Array(VALUE_SLOTS);
  value.forEach((el, i) => {
    const row = i + 1;
    if (!Array.isArray(el) || el.length !== width) {
      const found = Array.isArray(el) ? `${el.length} values` : JSON.stringify(el);
      log.badRow('COLUMN_COUNT', `expected ${width} values, found ${found}`, row);
      return;
    }
    const cells = el as unknown[];
    const rawTime = cells[0];
    const t =
      typeof rawTime === 'string'
        ? reader.readText(rawTime)
        : reader.fromNumber(typeof rawTime === 'number' ? rawTime : NaN);
    if (!(t >= MIN_PLAUSIBLE_MS && t < MAX_PLAUSIBLE_MS)) {
      log.badRow('BAD_TIMESTAMP', timeProblem(String(rawTime), t, reader.unit), row);
      return;
    }
    for (let k = 0; k < names.length; k++) {
      const funding = kind === 'funding';
      const cell = funding ? (k === 0 ? cells[1] : undefined) : cells[k + 1];
      const v = funding && k > 0 ? NaN : numberFromJson(cell);
      if (!(Math.abs(v) < Infinity) && !(funding && k > 0)) {
        const problem = cell === null || cell === '' ? 'is empty' : `${JSON.stringify(cell)} is not a number`;
        log.badRow(
          cell === null || cell === '' ? 'EMPTY_FIELD' : 'NOT_A_NUMBER',
          `${names[k]} ${problem}`,
          row,
        );
        return;
      }
      scratch[k] = v;
    }
    rows.push(row, t, scratch);
  });
  return value.length;
}
