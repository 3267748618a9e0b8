import path from 'node:path';
import { type Timeframe, isTimeframe } from '../../core/index.js';
import type { SeriesKind } from '../store/index.js';

/** What a file's name says about its contents; every field may be absent. */
export interface NameHints {
  /** The symbol as spelled in the name (`NMR_USDT_USDT`, `NMRUSDT`). */
  readonly symbol?: string | undefined;
  readonly timeframe?: Timeframe | undefined;
  readonly kind?: SeriesKind | undefined;
  /** The name marks derivatives data (`_USDT_USDT`, `-futures`, funding, mark). */
  readonly futures: boolean;
  /** A `UTC+3`-style note in the name: the times are probably local. */
  readonly utcOffsetNote?: string | undefined;
  /** Which naming scheme matched. */
  readonly scheme: 'freqtrade' | 'binance-dump' | 'loose' | 'none';
}

const FREQTRADE =
  /^([A-Z0-9]+)_([A-Z0-9]+)(?:_([A-Z0-9]+))?-(\d+[smhdwM])(?:-(futures|funding_rate|mark|index|premiumIndex|spot))?$/;
const BINANCE_DUMP = /^([A-Z0-9]+)-(\d+[smhdw]|fundingRate)-\d{4}-\d{2}(?:-\d{2})?$/;
const SYMBOL_TOKEN = /^[A-Z0-9]{2,}(?:USDT|USDC|BUSD|FDUSD|USD)$/;

/** Strips data extensions, including compressed ones (`.json.gz`). */
export function stemOf(filePath: string): string {
  return path.basename(filePath).replace(/(\.(csv|json|txt|tsv|feather|parquet))?(\.(gz|zip))?$/i, '');
}

/**
 * Reads symbol, timeframe and kind from names such as `NMR_USDT_USDT-1h-futures.json` (freqtrade),
 * `NMRUSDT-1m-2024-01.csv` (Binance data dump) or `NMRUSDT_1h_365.csv` (loose). In freqtrade names
 * the `-8h-` of `-8h-funding_rate` is not the settlement interval (Gate settles every 4 h), so funding
 * gets no timeframe. A `markPriceKlines` folder marks Binance mark-price dumps.
 */
export function hintsFromFileName(filePath: string): NameHints {
  const stem = stemOf(filePath);
  const utcOffsetNote = /UTC([+-]\d{1,2}(?::?\d{2})?)/i.exec(stem)?.[1];
  const ft = FREQTRADE.exec(stem);
  if (ft) {
    const [, base, quote, settle, tf = '', suffix] = ft;
    const kind: SeriesKind = suffix === 'funding_rate' ? 'funding' : suffix === 'mark' ? 'mark' : 'candles';
    return {
      symbol: settle ? `${base}_${quote}_${settle}` : `${base}_${quote}`,
      timeframe: kind !== 'funding' && isTimeframe(tf) ? tf : undefined,
      kind,
      futures: settle !== undefined || (suffix !== undefined && suffix !== 'spot'),
      utcOffsetNote,
      scheme: 'freqtrade',
    };
  }
  const markFolder = /[\\/]markPriceKlines[\\/]/.test(filePath);
  const dump = BINANCE_DUMP.exec(stem);
  if (dump) {
    const [, symbol, tf = ''] = dump;
    const funding = tf === 'fundingRate';
    return {
      symbol,
      timeframe: isTimeframe(tf) ? tf : undefined,
      kind: funding ? 'funding' : markFolder ? 'mark' : undefined,
      futures: funding || markFolder,
      utcOffsetNote,
      scheme: 'binance-dump',
    };
  }
  const tokens = stem.split(/[_\-\s.]+/);
  const symbol = tokens.find((t) => SYMBOL_TOKEN.test(t));
  const tf = tokens.find((t) => isTimeframe(t));
  return {
    symbol,
    timeframe: tf !== undefined && isTimeframe(tf) ? tf : undefined,
    kind: undefined,
    futures: false,
    utcOffsetNote,
    scheme: symbol || tf ? 'loose' : 'none',
  };
}
