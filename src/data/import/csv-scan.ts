import { isoTime } from '../../core/index.js';
import type { IssueLog } from './issue-log.js';
import { isBlank, parseDecimal, textOf } from './number-parse.js';
import { RowBuffer, VALUE_SLOTS } from './row-buffer.js';
import { MAX_PLAUSIBLE_MS, MIN_PLAUSIBLE_MS, type TimeReader } from './time-parse.js';

/** Where the fields of a delimited file are; value slots follow VALUE_FIELDS of the kind. */
export interface CsvLayout {
  readonly delimiter: string;
  readonly columnCount: number;
  readonly timeCol: number;
  /** Column per value slot, -1 when the file lacks the field (its default is used). */
  readonly valueCols: readonly number[];
  readonly valueNames: readonly string[];
  readonly defaults: readonly number[];
  /** An empty cell in an optional field means "not reported" and takes the default. */
  readonly optional: readonly boolean[];
}

/** How far a scan got: the first byte not consumed, the last line number used and the rows seen. */
export interface ScanResult {
  readonly next: number;
  readonly lastLine: number;
  readonly read: number;
}

/**
 * Reads the data rows in `text` (a whole file, or one chunk of it) from byte offset `from`, whose line
 * number is `firstLine` (1-based), into `rows`. Each line end is found natively (`indexOf`), field
 * bounds are recorded in one pass over the line and numbers read in place, so a row costs no
 * allocation and no text decoding. Rows with a wrong column count, an unreadable time or a
 * non-numeric value are reported by line and not kept. Unless `final`, a last line without its
 * newline is left for the next chunk (`next` points at it).
 */
export function scanCsvRows(
  text: Buffer,
  from: number,
  firstLine: number,
  final: boolean,
  layout: CsvLayout,
  reader: TimeReader,
  rows: RowBuffer,
  log: IssueLog,
): ScanResult {
  const { columnCount, timeCol, valueNames, defaults, optional } = layout;
  const delim = layout.delimiter.charCodeAt(0);
  const valueCols = Int32Array.from(layout.valueCols);
  const starts = new Int32Array(columnCount);
  const ends = new Int32Array(columnCount);
  const scratch = new Float64Array(VALUE_SLOTS);
  const quoted = text.includes(34, from);
  const len = text.length;
  const slots = valueCols.length;
  let i = from;
  let line = firstLine - 1;
  let read = 0;
  while (i < len) {
    let nl = text.indexOf(10, i);
    if (nl < 0) {
      if (!final) break;
      nl = len;
    }
    line++;
    const lineStart = i;
    let count = 0;
    const end = nl > i && text[nl - 1] === 13 ? nl - 1 : nl;
    if (quoted) count = splitQuoted(text, lineStart, end, delim, starts, ends);
    else {
      // The newline is found natively; this loop only records field bounds.
      let fs = i;
      for (; i < end; i++) {
        if (text[i] === delim) {
          if (count < columnCount) {
            starts[count] = fs;
            ends[count] = i;
          }
          count++;
          fs = i + 1;
        }
      }
      if (count < columnCount) {
        starts[count] = fs;
        ends[count] = end;
      }
      count++;
    }
    i = nl + 1;
    if (count === 1 && isBlank(text, lineStart, end)) {
      if (i < len || !final) log.warn('BLANK_LINE', 'blank line ignored', line);
      continue;
    }
    read++;
    if (count !== columnCount) {
      log.badRow('COLUMN_COUNT', `expected ${columnCount} columns, found ${count}`, line);
      continue;
    }
    const ts = starts[timeCol] as number;
    const te = ends[timeCol] as number;
    const t = reader.read(text, ts, te);
    if (!(t >= MIN_PLAUSIBLE_MS && t < MAX_PLAUSIBLE_MS)) {
      log.badRow('BAD_TIMESTAMP', timeProblem(textOf(text, ts, Math.min(te, ts + 64)), t, reader.unit), line);
      continue;
    }
    let bad = false;
    for (let k = 0; k < slots; k++) {
      const c = valueCols[k] as number;
      if (c < 0) {
        scratch[k] = defaults[k] as number;
        continue;
      }
      const s = starts[c] as number;
      const e = ends[c] as number;
      const v = parseDecimal(text, s, e);
      if (v - v === 0) {
        // finite: NaN and ±Infinity fail this test
        scratch[k] = v;
        continue;
      }
      const name = valueNames[k] as string;
      if (isBlank(text, s, e)) {
        if (optional[k]) {
          scratch[k] = defaults[k] as number;
          continue;
        }
        log.badRow('EMPTY_FIELD', `${name} is empty`, line);
      } else
        log.badRow(
          'NOT_A_NUMBER',
          `${name} "${shown(textOf(text, s, Math.min(e, s + 64)))}" is not a number`,
          line,
        );
      bad = true;
      break;
    }
    if (!bad) rows.push(line, t, scratch);
  }
  return { next: Math.min(i, len), lastLine: line, read };
}

/** A field's text for a message, cut to 40 characters. */
export function shown(raw: string): string {
  const t = raw.trim();
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}

/** Explains why a time field was refused. */
export function timeProblem(raw: string, parsed: number, unit: string): string {
  const shownText = shown(raw);
  if (shownText === '') return 'time is empty';
  if (Number.isNaN(parsed)) {
    return `cannot read time "${shownText}"${unit === 'auto' ? '' : ` as --time-unit ${unit}`}`;
  }
  return `time "${shownText}" reads as ${isoTime(parsed)}, outside 2000..2099: check --time-unit`;
}

/** Slow path for files with quotes: a quoted field may hold the delimiter; the quotes are excluded. */
function splitQuoted(
  text: Buffer,
  start: number,
  end: number,
  dc: number,
  starts: Int32Array,
  ends: Int32Array,
): number {
  const cap = starts.length;
  let count = 0;
  let i = start;
  for (;;) {
    let fs = i;
    let fe: number;
    if (i < end && text[i] === 34) {
      fs = i + 1;
      i = fs;
      while (i < end && !(text[i] === 34 && text[i + 1] !== 34)) {
        i += text[i] === 34 ? 2 : 1;
      }
      fe = i;
      while (i < end && text[i] !== dc) i++;
    } else {
      while (i < end && text[i] !== dc) i++;
      fe = i;
    }
    if (count < cap) {
      starts[count] = fs;
      ends[count] = fe;
    }
    count++;
    if (i >= end) return count;
    i++;
  }
}
