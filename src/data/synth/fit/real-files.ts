import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../core/index.js';
import { type ImportOptions, type ParsedData, parseMarketFile } from '../../import/index.js';
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

/** Parses one of the files with the project's importer; any row error stops the fit. */
function parseRealFile(dataDir: string, name: NmrFitFile, options: ImportOptions = {}): ParsedData {
  const file = path.join(dataDir, NMR_FIT_FILES[name]);
  if (!fs.existsSync(file)) throw new InputError(`real-data file ${file} not found`);
  const parsed = parseMarketFile(fs.readFileSync(file), file, options);
  if (parsed.errors > 0)
    throw new InputError(`${file}: ${parsed.errors} row errors while reading it for the fit`);
  return parsed.data;
}

/**
 * Reads one of the real candle files as a series, volume in NMR. The nmtrong files lose their last
 * row (a bar still forming when fetched); faruk's 1m volume is in USDT and is divided by the close.
 */
export function readRealCandles(dataDir: string, name: NmrFitFile): CandleSeries {
  const quoteVolume = name === 'perp1m';
  const data = parseRealFile(
    dataDir,
    name,
    quoteVolume
      ? { map: 'time=timestamp_ms,open=open,high=high,low=low,close=close,volume=quote_volume_usdt' }
      : {},
  );
  if (data.kind !== 'candles' && data.kind !== 'mark')
    throw new InputError(`${name} holds ${data.kind}, not candles`);
  const series =
    name === 'perp15m' || name === 'perp1h' ? data.series.slice(0, data.series.length - 1) : data.series;
  if (!quoteVolume) return series;
  const b = new CandleSeriesBuilder(series.timeframe, series.length);
  for (const c of series) b.push(c.openTime, c.open, c.high, c.low, c.close, c.volume / c.close);
  return b.build();
}

/** Reads a freqtrade funding CSV: settlement time and rate. */
export function readRealFunding(
  dataDir: string,
  name: 'binanceFunding' | 'gateFunding',
): { time: number; rate: number }[] {
  const data = parseRealFile(dataDir, name);
  if (data.kind !== 'funding') throw new InputError(`${name} holds ${data.kind}, not funding`);
  return data.events.map((e) => ({ time: e.time, rate: e.rate }));
}
