import fs from 'node:fs';
import path from 'node:path';
import { InputError, type Timeframe } from '../../../core/index.js';
import { type CandleSeries, CandleSeriesBuilder } from '../../series/index.js';

/** The real NMR files (under ../shared/data) the synthetic parameters are measured from. */
export const NMR_FIT_FILES = {
  /** Binance USD-M perp 15m, 2024-10-23 → 2025-10-23 (SOURCES.md A2). */
  perp15m: 'nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
  /** Binance USD-M perp 1h, same year (SOURCES.md A2). */
  perp1h: 'nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_1h_365.csv',
  /** Binance USD-M perp 1m, 2025-06-16 21:00 → 06-22 21:00 UTC, quote volume (SOURCES.md A4). */
  perp1m: 'nmr/perp/binance-usdm/faruk-crypto_trend_breakout_2025-06_1m/NMRUSDT_1m_UTC_derived.csv',
  /** Bybit linear perp 1d, 2023-09-04 → 2025-11-13 (SOURCES.md C). */
  bybit1d: 'nmr/perp/bybit-linear/jumpotsa-Bybit_Cross_Momentum_2023-09_2025-11/NMRUSDT_1d.csv',
  /** Binance USD-M funding, 8h settlements, 2023-07 (SOURCES.md A1; rate in `open`). */
  binanceFunding: 'nmr/perp/binance-usdm/alpergulsen-freqtrade_2023-07/NMR_USDT_USDT-8h-funding_rate.csv',
  /** Binance USD-M 8h mark-price candles, same month (SOURCES.md A1). */
  binanceMark8h: 'nmr/perp/binance-usdm/alpergulsen-freqtrade_2023-07/NMR_USDT_USDT-8h-mark.csv',
  /** Binance USD-M 1h last-price candles, same month (SOURCES.md A1). */
  binance1h2023: 'nmr/perp/binance-usdm/alpergulsen-freqtrade_2023-07/NMR_USDT_USDT-1h-futures.csv',
  /** Gate.io NMR_USDT funding, 4h settlements despite the name, 2024-08 (SOURCES.md B). */
  gateFunding: 'nmr/perp/gateio/cahangeorge-freq_coolab_2024-08/NMR_USDT_USDT-8h-funding_rate.csv',
} as const;

export type NmrFitFile = keyof typeof NMR_FIT_FILES;

interface Table {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

function readTable(file: string): Table {
  if (!fs.existsSync(file)) throw new InputError(`real-data file ${file} not found`);
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  return { file, header, rows: lines.slice(1).map((l) => l.split(',')) };
}

function column(t: Table, name: string): number {
  const i = t.header.indexOf(name);
  if (i < 0) throw new InputError(`${t.file} has no column "${name}" (columns: ${t.header.join(', ')})`);
  return i;
}

function num(t: Table, row: number, col: number): number {
  const v = Number(t.rows[row]?.[col]);
  if (!Number.isFinite(v))
    throw new InputError(`${t.file} row ${row + 2} column ${t.header[col]}: not a number`);
  return v;
}

/** Epoch ms from a `YYYY-MM-DD HH:MM:SS` UTC text or a millisecond number. */
function timeOf(t: Table, row: number, col: number): number {
  const text = t.rows[row]?.[col] ?? '';
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(`${text.replace(' ', 'T')}Z`);
  if (!Number.isFinite(ms)) throw new InputError(`${t.file} row ${row + 2}: cannot read time "${text}"`);
  return ms;
}

export interface CandleFileSpec {
  readonly timeframe: Timeframe;
  readonly time: string;
  /** Volume column; `quoteToBase` divides it by the close (faruk's 1m file holds USDT volume). */
  readonly volume?: string;
  readonly quoteToBase?: boolean;
  /** Drop the last row (an incomplete bar in the nmtrong files). */
  readonly dropLast?: boolean;
}

const CANDLE_SPECS: Partial<Record<NmrFitFile, CandleFileSpec>> = {
  perp15m: { timeframe: '15m', time: 'time', volume: 'volume', dropLast: true },
  perp1h: { timeframe: '1h', time: 'time', volume: 'volume', dropLast: true },
  perp1m: { timeframe: '1m', time: 'timestamp_ms', volume: 'quote_volume_usdt', quoteToBase: true },
  bybit1d: { timeframe: '1d', time: 'timestamp', volume: 'volume' },
  binanceMark8h: { timeframe: '8h', time: 'timestamp_ms' },
  binance1h2023: { timeframe: '1h', time: 'timestamp_ms', volume: 'volume' },
};

/** Reads one of the real candle files as a series (volume in NMR). */
export function readRealCandles(dataDir: string, name: NmrFitFile): CandleSeries {
  const spec = CANDLE_SPECS[name];
  if (!spec) throw new InputError(`${name} is not a candle file`);
  const t = readTable(path.join(dataDir, NMR_FIT_FILES[name]));
  const [ti, oi, hi, li, ci] = [spec.time, 'open', 'high', 'low', 'close'].map((c) => column(t, c)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const vi = spec.volume === undefined ? -1 : column(t, spec.volume);
  const n = t.rows.length - (spec.dropLast ? 1 : 0);
  const b = new CandleSeriesBuilder(spec.timeframe, n);
  for (let r = 0; r < n; r++) {
    const close = num(t, r, ci);
    const v = vi < 0 ? 0 : num(t, r, vi);
    b.push(
      timeOf(t, r, ti),
      num(t, r, oi),
      num(t, r, hi),
      num(t, r, li),
      close,
      spec.quoteToBase ? v / close : v,
    );
  }
  return b.build();
}

/** Reads a freqtrade funding CSV: settlement time and the rate (kept in the `open` column). */
export function readRealFunding(
  dataDir: string,
  name: 'binanceFunding' | 'gateFunding',
): { time: number; rate: number }[] {
  const t = readTable(path.join(dataDir, NMR_FIT_FILES[name]));
  const ti = column(t, 'timestamp_ms');
  const ri = column(t, 'open');
  return t.rows.map((_, r) => ({ time: timeOf(t, r, ti), rate: num(t, r, ri) }));
}
