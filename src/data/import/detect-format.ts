import { InputError } from '../../core/index.js';
import { normalizeHeader } from './column-map.js';
import type { ImportFormat } from './import.types.js';
import { TimeReader } from './time-parse.js';

const BINANCE_KLINE_HEADER = [
  'open_time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'close_time',
  'quote_volume',
  'count',
  'taker_buy_volume',
  'taker_buy_quote_volume',
  'ignore',
];
const FREQTRADE_HEADERS = ['date,open,high,low,close,volume', 'date,timestamp_ms,open,high,low,close,volume'];

/** The first line of a delimited file and what it says about the layout. */
export interface CsvHead {
  readonly delimiter: string;
  /** Header names, or null when the first line is already data. */
  readonly header: readonly string[] | null;
  readonly columnCount: number;
  /** Byte offset and 1-based line number of the first data row. */
  readonly dataStart: number;
  readonly dataLine: number;
}

/** Where the data starts: after a UTF-8 byte-order mark if there is one. */
export function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/**
 * Reads the first line: its delimiter (`,` `;` or tab, the most frequent) and whether it is a header.
 * `bytes` is the start of a file of `size` bytes.
 */
export function readCsvHead(file: string, bytes: Buffer, size = bytes.length): CsvHead {
  const start = bomLength(bytes);
  let nl = bytes.indexOf(10, start);
  if (nl === -1 && bytes.length < size) {
    throw new InputError(
      `${file}: the first line is longer than ${bytes.length} bytes; this is not a CSV file`,
    );
  }
  if (nl === -1) nl = bytes.length;
  const first = bytes.toString('utf8', start, nl).replace(/\r$/, '');
  if (first.trim() === '')
    throw new InputError(`${file}: the first line is empty; expected a header or a data row`);
  const delimiter = [',', ';', '\t'].reduce(
    (best, d) => (count(first, d) > count(first, best) ? d : best),
    ',',
  );
  const cells = first.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const firstCell = cells[0] ?? '';
  const isData = !Number.isNaN(new TimeReader().readText(firstCell));
  return {
    delimiter,
    header: isData ? null : cells,
    columnCount: cells.length,
    dataStart: isData ? start : nl + 1,
    dataLine: isData ? 1 : 2,
  };
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/**
 * The CSV layout from the header: Binance kline dumps (12 named columns, or 12 unnamed), Bybit v5
 * kline exports (`timestamp,...,turnover,date`), freqtrade CSV (`date,open,...` and the
 * `date,timestamp_ms,...` twins of feather files); anything else is generic CSV.
 */
export function detectCsvFormat(head: CsvHead): ImportFormat {
  if (!head.header) return head.columnCount === 12 ? 'binance-kline-csv' : 'generic-csv';
  const names = head.header.map(normalizeHeader);
  const joined = names.join(',');
  if (names.length === 12 && names.every((n, i) => n === BINANCE_KLINE_HEADER[i])) return 'binance-kline-csv';
  if (joined.startsWith('timestamp,open,high,low,close,volume') && names.includes('turnover'))
    return 'bybit-csv';
  if (FREQTRADE_HEADERS.includes(joined)) return 'freqtrade-csv';
  return 'generic-csv';
}
