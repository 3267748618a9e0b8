import { InputError } from '../../core/index.js';
import type { SeriesKind } from '../store/index.js';
import type { ImportFormat } from './import.types.js';

/** The value fields of each kind, in RowBuffer slot order (the time is separate). */
export const VALUE_FIELDS: Readonly<Record<SeriesKind, readonly string[]>> = {
  candles: ['open', 'high', 'low', 'close', 'volume'],
  mark: ['open', 'high', 'low', 'close', 'volume'],
  funding: ['rate', 'markPrice', 'intervalHours'],
  oi: ['amount', 'value'],
};

/** Fields a kind cannot do without; the others default (volume 0, the rest absent). */
const REQUIRED: Readonly<Record<SeriesKind, readonly string[]>> = {
  candles: ['time', 'open', 'high', 'low', 'close'],
  mark: ['time', 'open', 'high', 'low', 'close'],
  funding: ['time', 'rate'],
  oi: ['time', 'amount'],
};

/** Header names recognised for each field, in order of preference (lower case). */
const HEADER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  time: [
    'timestamp_ms',
    'open_time_ms',
    'open_time',
    'opentime',
    'timestamp',
    'time',
    'date',
    'datetime',
    'open_time_utc',
    'calc_time',
    'funding_time',
    'fundingtime',
    'ts',
    't',
  ],
  open: ['open', 'o', 'open_price'],
  high: ['high', 'h', 'high_price'],
  low: ['low', 'l', 'low_price'],
  close: ['close', 'c', 'close_price'],
  volume: ['volume', 'vol', 'v', 'base_volume', 'volume_base'],
  rate: ['rate', 'funding_rate', 'fundingrate', 'last_funding_rate', 'lastfundingrate'],
  markPrice: ['mark_price', 'markprice', 'mark'],
  intervalHours: ['funding_interval_hours', 'interval_hours', 'intervalhours'],
  amount: ['amount', 'oi', 'open_interest', 'openinterest', 'sum_open_interest', 'sumopeninterest'],
  value: ['value', 'oi_value', 'open_interest_value', 'sum_open_interest_value', 'sumopeninterestvalue'],
};

/** Spellings accepted on the left of `--map` entries. */
const FIELD_SPELLINGS: Readonly<Record<string, string>> = {
  mark: 'markPrice',
  mark_price: 'markPrice',
  markprice: 'markPrice',
  interval: 'intervalHours',
  interval_hours: 'intervalHours',
  intervalhours: 'intervalHours',
  oi: 'amount',
  vol: 'volume',
  date: 'time',
  timestamp: 'time',
};

/** Positions of the headerless layouts: Binance kline dumps (12 columns). */
const FIXED_POSITIONS: Partial<Record<ImportFormat, Readonly<Record<string, number>>>> = {
  'binance-kline-csv': { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
  'bybit-csv': { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
};

export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .toLowerCase();
}

/** `--map time=open_time,open=o` as field -> column (a header name, or a 0-based index from `N`). */
export function parseColumnMap(spec: string, kind: SeriesKind): Map<string, string | number> {
  const known = ['time', ...VALUE_FIELDS[kind]];
  const out = new Map<string, string | number>();
  for (const entry of spec.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const rawField = eq < 0 ? '' : entry.slice(0, eq).trim();
    const column = eq < 0 ? '' : entry.slice(eq + 1).trim();
    const field = known.includes(rawField) ? rawField : FIELD_SPELLINGS[rawField.toLowerCase()];
    if (!field || !known.includes(field) || column === '') {
      throw new InputError(
        `--map entry "${entry.trim()}" is not field=column; fields for ${kind}: ${known.join(', ')}`,
      );
    }
    if (/^\d+$/.test(column)) {
      const n = Number(column);
      if (n < 1) throw new InputError(`--map column numbers start at 1 (entry "${entry.trim()}")`);
      out.set(field, n - 1);
    } else out.set(field, column);
  }
  if (out.size === 0) throw new InputError(`--map "${spec}" names no columns`);
  return out;
}

export interface ColumnPlan {
  readonly timeCol: number;
  /** Column of each value field in VALUE_FIELDS order, -1 when absent. */
  readonly valueCols: readonly number[];
  /** `time=timestamp_ms open=open ...` for reports. */
  readonly description: string;
}

/**
 * Finds each field's column: `--map` entries first, then recognised header names, then the fixed
 * positions of headerless formats. freqtrade funding files keep the rate in `open`. Throws naming the
 * file when a required field has no column.
 */
export function planColumns(
  file: string,
  header: readonly string[] | null,
  columnCount: number,
  kind: SeriesKind,
  format: ImportFormat,
  map: Map<string, string | number> | undefined,
): ColumnPlan {
  const names = header?.map(normalizeHeader);
  const fields = ['time', ...VALUE_FIELDS[kind]];
  const cols = new Map<string, number>();
  for (const field of fields) {
    const wanted = map?.get(field);
    if (typeof wanted === 'number') {
      if (wanted >= columnCount) {
        throw new InputError(`${file}: --map ${field}=${wanted + 1} but the file has ${columnCount} columns`);
      }
      cols.set(field, wanted);
    } else if (wanted !== undefined) {
      const at = names?.indexOf(wanted.toLowerCase()) ?? -1;
      if (at < 0) {
        throw new InputError(
          names
            ? `${file}: --map ${field}=${wanted} but the header has no column "${wanted}" (columns: ${header?.join(', ')})`
            : `${file}: --map ${field}=${wanted} names a column but the file has no header row; use column numbers (${field}=1)`,
        );
      }
      cols.set(field, at);
    } else {
      const found = findByHeader(names, field, format);
      const fixed = FIXED_POSITIONS[format]?.[field];
      if (found >= 0) cols.set(field, found);
      else if (!names && fixed !== undefined) cols.set(field, fixed);
    }
  }
  const missing = REQUIRED[kind].filter((f) => !cols.has(f));
  if (missing.length > 0) {
    const seen = header ? `its columns are ${header.join(', ')}` : 'it has no header row';
    throw new InputError(
      `${file}: cannot find the ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} for ${kind} (${seen}); ` +
        `give --map, e.g. --map ${fields.map((f, i) => `${f}=${names ? f : i + 1}`).join(',')}`,
    );
  }
  const label = (c: number): string => (header ? (header[c] ?? `column ${c + 1}`).trim() : `column ${c + 1}`);
  const description = fields
    .filter((f) => cols.has(f))
    .map((f) => `${f}=${label(cols.get(f) as number)}`)
    .join(' ');
  return {
    timeCol: cols.get('time') as number,
    valueCols: VALUE_FIELDS[kind].map((f) => cols.get(f) ?? -1),
    description,
  };
}

function findByHeader(names: readonly string[] | undefined, field: string, format: ImportFormat): number {
  if (!names) return -1;
  const aliases =
    field === 'rate' && (format === 'freqtrade-csv' || format === 'freqtrade-json')
      ? ['open', ...(HEADER_ALIASES.rate ?? [])]
      : (HEADER_ALIASES[field] ?? []);
  for (const alias of aliases) {
    const at = names.indexOf(alias);
    if (at >= 0) return at;
  }
  return -1;
}

/** The kind a header implies when nothing else says: OHLC -> candles, a rate -> funding, OI -> oi. */
export function kindFromHeader(header: readonly string[]): SeriesKind | undefined {
  const names = header.map(normalizeHeader);
  const has = (field: string): boolean => (HEADER_ALIASES[field] ?? []).some((a) => names.includes(a));
  if (has('open') && has('close')) return 'candles';
  if (has('rate') && !has('amount')) return 'funding';
  if (has('amount') && !has('rate')) return 'oi';
  return undefined;
}
