import fs from 'node:fs';
import { InputError, type Timeframe, timeframeFromMs, timeframeMs } from '../../core/index.js';
import type { CandleSeries, FundingSegment } from '../series/index.js';
import type { SeriesKey, SeriesKind } from '../store/index.js';
import { VALUE_FIELDS, kindFromHeader, parseColumnMap, planColumns } from './column-map.js';
import { type CsvLayout, scanCsvRows } from './csv-scan.js';
import { type ByteSource, fileSource, memorySource } from './byte-source.js';
import { bomLength, detectCsvFormat, readCsvHead } from './detect-format.js';
import { type NameHints, hintsFromFileName } from './file-name.js';
import type { GapTotals, ImportFormat, ImportOptions, ParsedData, ParsedFile } from './import.types.js';
import { IssueLog } from './issue-log.js';
import { detectJsonFormat, readJsonRows } from './json-rows.js';
import { RowBuffer } from './row-buffer.js';
import {
  exchangeFromPath,
  normalizeExchangeId,
  pathSaysFutures,
  pathSaysSpot,
  toUnifiedSymbol,
} from './symbols.js';
import { TimeReader, formatTzOffset, parseTzOffset } from './time-parse.js';
import { validateBars } from './validate-bars.js';
import { validateFunding, validateOpenInterest } from './validate-events.js';

/** Defaults per value slot when a column is absent or (optional slots) empty. */
const DEFAULTS: Readonly<Record<SeriesKind, { values: number[]; optional: boolean[] }>> = {
  candles: { values: [NaN, NaN, NaN, NaN, 0], optional: [false, false, false, false, false] },
  mark: { values: [NaN, NaN, NaN, NaN, 0], optional: [false, false, false, false, false] },
  funding: { values: [NaN, NaN, NaN], optional: [false, true, true] },
  oi: { values: [NaN, NaN], optional: [false, true] },
};

interface RawRows {
  format: ImportFormat;
  kind: SeriesKind;
  columns: string;
  rows: RowBuffer;
  rowsRead: number;
}

/**
 * Parses one market-data file (CSV or JSON, any supported format; its text, or its bytes as read
 * from disk) into a validated series and the issues found, without touching a store. Pure apart from
 * reading `fileName`'s folders for the exchange. Row problems are issues with file and line; problems
 * with the whole file (unknown layout, no exchange, no timeframe) throw InputError naming the file.
 */
export function parseMarketFile(
  input: string | Uint8Array,
  fileName: string,
  options: ImportOptions = {},
): ParsedFile {
  return parseSource(memorySource(asBuffer(input)), fileName, options);
}

/**
 * `parseMarketFile` for a file on disk, streamed in chunks: a CSV of any size is read through one
 * small buffer. Throws the file system's error when the file cannot be opened.
 */
export function readMarketFile(file: string, options: ImportOptions = {}): ParsedFile {
  const fd = fs.openSync(file, 'r');
  try {
    return parseSource(fileSource(fd), file, options);
  } finally {
    fs.closeSync(fd);
  }
}

function parseSource(source: ByteSource, fileName: string, options: ImportOptions): ParsedFile {
  const hints = hintsFromFileName(fileName);
  const tzOffsetMs = options.tzOffset !== undefined ? parseTzOffset(options.tzOffset) : 0;
  const reader = new TimeReader(options.timeUnit ?? 'auto', tzOffsetMs);
  const start = source.slice(0, 64);
  const json = options.format
    ? options.format.endsWith('-json')
    : /\.json$/i.test(fileName) || /^\s*\[/.test(start.toString('utf8', bomLength(start)));
  const log = new IssueLog(fileName, options.skipBadRows ?? false, json ? 'row' : 'line');
  const raw = json
    ? readJson(source.all(), fileName, options, hints, reader, log)
    : readCsv(source, fileName, options, hints, reader, log);
  if (raw.rowsRead === 0) log.warn('FILE_NOTE', 'the file has no data rows');
  if (options.tzOffset !== undefined && reader.naive === 0 && raw.rowsRead > 0) {
    log.warn(
      'FILE_NOTE',
      `--tz-offset ${formatTzOffset(tzOffsetMs)} not applied: the times are epoch numbers or carry their own zone`,
    );
  }
  if (options.tzOffset === undefined && hints.utcOffsetNote && reader.naive > 0) {
    log.warn(
      'FILE_NOTE',
      `the file name says UTC${hints.utcOffsetNote} but no --tz-offset was given: zone-less times were read as UTC`,
    );
  }
  const key = seriesKeyOf(fileName, options, hints, raw);
  const { data, duplicates, gaps, segments } = validate(raw, key, log);
  return {
    file: fileName,
    format: raw.format,
    columns: raw.columns,
    key,
    data,
    rowsRead: raw.rowsRead,
    duplicates,
    skipped: [...log.skipped].sort((a, b) => a - b),
    errors: log.errors,
    warnings: log.warnings,
    issues: [...log.issues].sort((a, b) => (a.line ?? a.row ?? 0) - (b.line ?? b.row ?? 0)),
    gaps,
    fundingSegments: segments,
  };
}

export type ParsedCandles = ParsedFile & { readonly series: CandleSeries };

/** `parseMarketFile` for files that must hold candles or mark prices; returns the series directly. */
export function parseCandleFile(text: string, fileName: string, options: ImportOptions = {}): ParsedCandles {
  const parsed = parseMarketFile(text, fileName, options);
  if (parsed.data.kind !== 'candles' && parsed.data.kind !== 'mark') {
    throw new InputError(`${fileName} holds ${parsed.data.kind}, not candles`);
  }
  return { ...parsed, series: parsed.data.series };
}

/** The bytes of a file given as text (encoded UTF-8) or as bytes (used as they are). */
function asBuffer(input: string | Uint8Array): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/** Bytes read for the header line. */
const HEAD_BYTES = 1 << 20;

function readCsv(
  source: ByteSource,
  file: string,
  options: ImportOptions,
  hints: NameHints,
  reader: TimeReader,
  log: IssueLog,
): RawRows {
  const head = readCsvHead(file, source.slice(0, HEAD_BYTES), source.size);
  const format = options.format ?? detectCsvFormat(head);
  const fromHeader = head.header ? kindFromHeader(head.header) : undefined;
  const kind = options.kind ?? hints.kind ?? fromHeader ?? 'candles';
  const map = options.map ? parseColumnMap(options.map, kind) : undefined;
  if (!head.header && !map && format === 'generic-csv') {
    throw new InputError(
      `${file}: no header row and no known layout (${head.columnCount} columns): ` +
        `give --map with column numbers, e.g. --map time=1,open=2,high=3,low=4,close=5,volume=6`,
    );
  }
  let plan;
  try {
    plan = planColumns(file, head.header, head.columnCount, kind, format, map);
  } catch (err) {
    const guessed = !options.kind && !hints.kind && !fromHeader;
    if (err instanceof InputError && guessed) {
      throw new InputError(`${err.message}; if the file does not hold candles, pass --kind funding|oi|mark`);
    }
    throw err;
  }
  if (kind === 'candles' && plan.valueCols[4] === -1) {
    log.warn('FILE_NOTE', 'no volume column: volume stored as 0 (map one with --map volume=<column>)');
  }
  const layout: CsvLayout = {
    delimiter: head.delimiter,
    columnCount: head.columnCount,
    timeCol: plan.timeCol,
    valueCols: plan.valueCols,
    valueNames: VALUE_FIELDS[kind],
    defaults: DEFAULTS[kind].values,
    optional: DEFAULTS[kind].optional,
  };
  const rows = new RowBuffer(estimateRows(source, head.dataStart));
  let line = head.dataLine - 1;
  let rowsRead = 0;
  source.stream(head.dataStart, (chunk, final) => {
    const r = scanCsvRows(chunk, 0, line + 1, final, layout, reader, rows, log);
    line = r.lastLine;
    rowsRead += r.read;
    return r.next;
  });
  return { format, kind, columns: plan.description, rows, rowsRead };
}

/**
 * Rows expected from the mean line length of three samples (start, middle, end), with 10% to spare:
 * growing the buffer mid-scan would cost a copy and a deoptimisation of the hot loop.
 */
function estimateRows(source: ByteSource, from: number): number {
  const span = source.size - from;
  let bytes = 0;
  let lines = 0;
  for (const at of [from, from + Math.floor(span / 2), Math.max(from, source.size - 8192)]) {
    const text = source.slice(at, 8192);
    let p = at === from ? 0 : text.indexOf(10) + 1;
    if (p <= 0) continue;
    const begin = p;
    for (let k = 0; k < 64 && p < text.length; k++) {
      const nl = text.indexOf(10, p);
      if (nl === -1) break;
      p = nl + 1;
      lines++;
    }
    bytes += p - begin;
  }
  const perLine = lines > 0 && bytes > 0 ? bytes / lines : 64;
  return Math.ceil((span / perLine) * 1.1) + 16;
}

function readJson(
  text: Buffer,
  file: string,
  options: ImportOptions,
  hints: NameHints,
  reader: TimeReader,
  log: IssueLog,
): RawRows {
  let value: unknown;
  try {
    value = JSON.parse(text.toString('utf8', bomLength(text)));
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const format = options.format ?? detectJsonFormat(file, value);
  if (!Array.isArray(value)) throw new InputError(`${file}: ${format} expects an array of rows`);
  const kind = options.kind ?? hints.kind ?? 'candles';
  if (options.map) log.warn('FILE_NOTE', '--map ignored: JSON rows have a fixed layout');
  const rows = new RowBuffer(value.length);
  const rowsRead = readJsonRows(file, value as unknown[], format, kind, reader, rows, log);
  const columns =
    kind === 'funding'
      ? 'time=[0] rate=[1] (freqtrade keeps the rate in open)'
      : 'time=[0] open=[1] high=[2] low=[3] close=[4] volume=[5]';
  return { format, kind, columns, rows, rowsRead };
}

function seriesKeyOf(file: string, options: ImportOptions, hints: NameHints, raw: RawRows): SeriesKey {
  const futures = hints.futures || pathSaysFutures(file);
  const exchange = options.exchange
    ? (normalizeExchangeId(options.exchange) ?? options.exchange.trim().toLowerCase())
    : exchangeFromPath(file, futures);
  if (!exchange) {
    throw new InputError(
      `${file}: no parent folder names a known exchange (binance, binanceusdm, gate, bybit, okx); ` +
        'pass --exchange, e.g. --exchange binanceusdm',
    );
  }
  const perp =
    hints.scheme === 'freqtrade'
      ? hints.futures
      : futures || exchange === 'binanceusdm' || !(exchange === 'binance' || pathSaysSpot(file));
  const rawSymbol = options.symbol ?? hints.symbol;
  if (!rawSymbol) {
    throw new InputError(
      `${file}: cannot tell the symbol from the file name; pass --symbol, e.g. --symbol NMR/USDT:USDT`,
    );
  }
  const symbol = toUnifiedSymbol(rawSymbol, perp ? 'perp' : 'spot');
  return { exchange, symbol, kind: raw.kind, timeframe: timeframeOf(file, options, hints, raw) };
}

function timeframeOf(
  file: string,
  options: ImportOptions,
  hints: NameHints,
  raw: RawRows,
): Timeframe | undefined {
  if (raw.kind === 'funding') return undefined;
  const common = raw.rows.commonSpacing();
  const spacing = common?.spacing;
  const inferred = spacing === undefined ? undefined : timeframeFromMs(spacing);
  const tf = options.timeframe ?? hints.timeframe ?? inferred;
  if (raw.kind === 'oi') return tf;
  if (!tf) {
    throw new InputError(
      `${file}: cannot tell the timeframe from the file name or the row spacing; pass --timeframe (e.g. --timeframe 1h)`,
    );
  }
  // Most rows closer together than the timeframe: the wrong timeframe, not a few bad rows.
  if (common && common.share > 0.5 && common.spacing < timeframeMs(tf)) {
    throw new InputError(
      `${file}: rows are mostly ${common.spacing / 1000}s apart, less than the ${tf} timeframe; check --timeframe or the file`,
    );
  }
  return tf;
}

interface Validated {
  data: ParsedData;
  duplicates: number;
  gaps: GapTotals;
  segments?: FundingSegment[];
}

function validate(raw: RawRows, key: SeriesKey, log: IssueLog): Validated {
  if (raw.kind === 'funding') {
    const r = validateFunding(raw.rows, log);
    return {
      data: { kind: 'funding', events: r.events },
      duplicates: r.duplicates,
      gaps: r.gaps,
      segments: r.segments,
    };
  }
  if (raw.kind === 'oi') {
    const r = validateOpenInterest(raw.rows, key.timeframe, log);
    return { data: { kind: 'oi', points: r.points }, duplicates: r.duplicates, gaps: r.gaps };
  }
  const r = validateBars(raw.rows, key.timeframe as Timeframe, log);
  return { data: { kind: raw.kind, series: r.series }, duplicates: r.duplicates, gaps: r.gaps };
}
