import type { Timeframe } from '../../core/index.js';
import type { CandleSeries, FundingEvent, FundingSegment, OpenInterestPoint } from '../series/index.js';
import type { SeriesKey, SeriesKind } from '../store/index.js';

/** File layouts `nmrbot data import` reads; `--format` names one to skip detection. */
export const IMPORT_FORMATS = [
  'binance-kline-csv',
  'binance-api-json',
  'freqtrade-json',
  'freqtrade-csv',
  'bybit-csv',
  'generic-csv',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** How a file's times are written; `auto` tells epoch s/ms/µs/ns apart by magnitude and reads text as ISO. */
export const TIME_UNITS = ['auto', 'ms', 'us', 's', 'iso'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Options shared by the pure parser and `importFiles`; each one overrides what the file name implies. */
export interface ImportOptions {
  /** ccxt exchange id; required when no parent folder of the file names a known exchange. */
  readonly exchange?: string | undefined;
  /** Symbol in any spelling (`NMRUSDT`, `NMR_USDT_USDT`, `NMR/USDT:USDT`); unified before storing. */
  readonly symbol?: string | undefined;
  readonly timeframe?: Timeframe | undefined;
  readonly kind?: SeriesKind | undefined;
  readonly format?: ImportFormat | undefined;
  /** Column mapping `field=column,...`; a column is a header name or a 1-based column number. */
  readonly map?: string | undefined;
  readonly timeUnit?: TimeUnit | undefined;
  /** Offset of zone-less text times, e.g. `+03:00` for a file written in UTC+3. */
  readonly tzOffset?: string | undefined;
  /** Drop rows with errors instead of failing; every dropped row is still reported by line. */
  readonly skipBadRows?: boolean | undefined;
}

/** What an import issue is about; each code has one meaning wherever it appears. */
export const ISSUE_CODES = {
  /** A row repeats the previous row's time with identical values: kept once. */
  DUPLICATE_ROW: 'DUPLICATE_ROW',
  /** A row repeats the previous row's time with different values. */
  CONFLICTING_DUPLICATE: 'CONFLICTING_DUPLICATE',
  /** A row's time is earlier than the row before it: files must be in ascending time order. */
  OUT_OF_ORDER: 'OUT_OF_ORDER',
  /** Bars or settlements are missing between two rows. */
  GAP: 'GAP',
  EMPTY_FIELD: 'EMPTY_FIELD',
  NOT_A_NUMBER: 'NOT_A_NUMBER',
  NEGATIVE_VALUE: 'NEGATIVE_VALUE',
  ZERO_PRICE: 'ZERO_PRICE',
  /** high < max(open, close), low > min(open, close) or high < low. */
  OHLC_INCONSISTENT: 'OHLC_INCONSISTENT',
  COLUMN_COUNT: 'COLUMN_COUNT',
  BAD_TIMESTAMP: 'BAD_TIMESTAMP',
  /** A candle open time that is not a multiple of the timeframe (UTC-aligned grid). */
  OFF_GRID: 'OFF_GRID',
  BLANK_LINE: 'BLANK_LINE',
  /** A value outside the range the field allows (e.g. a funding interval of 0 h). */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /** A legal but suspicious value (e.g. a funding rate above 5%: percent instead of fraction?). */
  UNUSUAL_VALUE: 'UNUSUAL_VALUE',
  /** A remark about the whole file (assumed volume, unused option, suspicious name). */
  FILE_NOTE: 'FILE_NOTE',
  /** The file cannot be imported at all (unreadable, unknown format, missing exchange...). */
  FILE_UNUSABLE: 'FILE_UNUSABLE',
  /** Writing to the store failed (for example a synthetic/real clash). */
  STORE_REFUSED: 'STORE_REFUSED',
} as const;
export type IssueCode = (typeof ISSUE_CODES)[keyof typeof ISSUE_CODES];

/** `error` fails the import; `warning` imports; `dropped` is an error row removed by `--skip-bad-rows`. */
export type IssueSeverity = 'error' | 'warning' | 'dropped';

export interface ImportIssue {
  readonly severity: IssueSeverity;
  readonly code: IssueCode;
  readonly file: string;
  /** 1-based line in the file (the header is line 1), for text files. */
  readonly line?: number | undefined;
  /** 1-based element number, for JSON arrays. */
  readonly row?: number | undefined;
  /** Full sentence starting with the location, e.g. `a.csv:5: high 9 is below low 10`. */
  readonly message: string;
}

export interface GapTotals {
  readonly count: number;
  readonly missing: number;
}

export type ParsedData =
  | { readonly kind: 'candles' | 'mark'; readonly series: CandleSeries }
  | { readonly kind: 'funding'; readonly events: readonly FundingEvent[] }
  | { readonly kind: 'oi'; readonly points: readonly OpenInterestPoint[] };

/** The outcome of reading one file, before anything touches the store. */
export interface ParsedFile {
  readonly file: string;
  readonly format: ImportFormat;
  /** How fields were found, e.g. `time=timestamp_ms open=open ...`. */
  readonly columns: string;
  readonly key: SeriesKey;
  readonly data: ParsedData;
  /** Data rows (text lines after the header, or JSON elements) seen. */
  readonly rowsRead: number;
  /** Identical duplicate rows, kept once. */
  readonly duplicates: number;
  /** Lines (or JSON rows) dropped under `--skip-bad-rows`. */
  readonly skipped: readonly number[];
  readonly errors: number;
  readonly warnings: number;
  /** The first issues found (capped; the counts above are exact). */
  readonly issues: readonly ImportIssue[];
  readonly gaps: GapTotals;
  readonly fundingSegments?: readonly FundingSegment[] | undefined;
}

export interface RowCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  skipped: number;
}

/** One file of an import, as printed and recorded in `import_runs`. */
export interface FileReport {
  readonly file: string;
  readonly ok: boolean;
  readonly format: ImportFormat | null;
  readonly columns: string | null;
  readonly series: SeriesKey | null;
  readonly seriesLabel: string | null;
  readonly rows: RowCounts;
  readonly skippedLines: readonly number[];
  readonly first: string | null;
  readonly last: string | null;
  readonly gaps: GapTotals;
  readonly fundingSegments?: readonly { intervalHours: number; from: string; to: string; events: number }[];
  readonly errors: number;
  readonly warnings: number;
  readonly issues: readonly ImportIssue[];
}

export interface ImportReport {
  /** True when every file imported; false means nothing was written. */
  readonly ok: boolean;
  readonly written: boolean;
  readonly files: readonly FileReport[];
  readonly totals: RowCounts & { files: number; errors: number; warnings: number };
}
