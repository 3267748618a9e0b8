import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeframeMs } from '../../../src/core/index.js';
import type {
  BinanceFundingRow,
  BinanceKline,
  BinanceOpenInterestRow,
  DoubleMarketData,
} from './double.types.js';

/**
 * Real NMR data for the double, read in place from `<repoRoot>/../shared/data` (never copied into the
 * repository). Provenance of each file is in ../shared/data/SOURCES.md. Values the files do not hold
 * are either derived from values they do hold (said so below) or zero; nothing is invented.
 */

const PERP = 'nmr/perp/binance-usdm';
/** A4: Binance USD-M 1m klines, 2025-06-16T21:00Z .. 2025-06-22T21:00Z, 8641 rows. */
export const FARUK_1M = `${PERP}/faruk-crypto_trend_breakout_2025-06_1m/NMRUSDT_1m_UTC_derived.csv`;
/** A1: freqtrade downloads of the Binance perp, 2023-07-04 .. 2023-08-03. */
const ALPER = `${PERP}/alpergulsen-freqtrade_2023-07`;
export const ALPER_5M = `${ALPER}/NMR_USDT_USDT-5m-futures.csv`;
export const ALPER_1H = `${ALPER}/NMR_USDT_USDT-1h-futures.csv`;
export const ALPER_FUNDING = `${ALPER}/NMR_USDT_USDT-8h-funding_rate.csv`;
export const ALPER_MARK_8H = `${ALPER}/NMR_USDT_USDT-8h-mark.csv`;
/** A5: four real monitoring snapshots of `openInterest` on 2026-01-17 (the only real NMR OI found). */
export const GUOFENG_SNAPSHOT = `${PERP}/guofeng201507-crypto_ai_trader_snapshot_2026-01-17/NMRUSDT_derivatives_snapshot.csv`;

const MINUTE = 60_000;

/** The repository root: the nearest folder above this file holding package.json. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (no package.json above the double)');
    dir = up;
  }
  return dir;
}

/** `<repoRoot>/../shared/data`, where the real market data lives beside every clone. */
export function sharedDataDir(): string {
  return path.resolve(repoRoot(), '..', 'shared', 'data');
}

/** Reads a CSV of the shared data into rows keyed by header name. */
export function readSharedCsv(relative: string): Record<string, string>[] {
  const file = path.join(sharedDataDir(), relative);
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

function field(row: Record<string, string>, name: string): string {
  const v = row[name];
  if (v === undefined || v === '') throw new Error(`shared data row lacks ${name}: ${JSON.stringify(row)}`);
  return v;
}

/** Binance's shortest decimal text for a number read from a file ("7.947000" -> "7.947"). */
const dec = (text: string): string => String(Number(text));

function kline(
  openTime: number,
  intervalMs: number,
  ohlc: [string, string, string, string],
  volume: string,
  quoteVolume: string,
): BinanceKline {
  const [o, h, l, c] = ohlc.map(dec) as [string, string, string, string];
  // Trade counts and taker volumes are in none of the files: served as 0.
  return [openTime, o, h, l, c, volume, openTime + intervalMs - 1, quoteVolume, 0, '0', '0', '0'];
}

/**
 * Faruk 1m file. Its volume column is QUOTE volume (USDT): served as `quoteVolume`, and the base volume
 * Binance puts in field 5 is DERIVED as quote / close rounded to the 0.1 NMR lot step (an
 * approximation: the true base volume is quote / VWAP, which the file does not give).
 */
function farukKlines(): BinanceKline[] {
  return readSharedCsv(FARUK_1M).map((r) => {
    const quote = Number(field(r, 'quote_volume_usdt'));
    const close = Number(field(r, 'close'));
    return kline(
      Number(field(r, 'timestamp_ms')),
      MINUTE,
      [field(r, 'open'), field(r, 'high'), field(r, 'low'), field(r, 'close')],
      (quote / close).toFixed(1),
      String(quote),
    );
  });
}

/** freqtrade futures klines: base volume is real; quote volume is DERIVED as volume x close. */
function freqtradeKlines(relative: string, intervalMs: number): BinanceKline[] {
  return readSharedCsv(relative).map((r) => {
    const volume = Number(field(r, 'volume'));
    return kline(
      Number(field(r, 'timestamp_ms')),
      intervalMs,
      [field(r, 'open'), field(r, 'high'), field(r, 'low'), field(r, 'close')],
      String(volume),
      (volume * Number(field(r, 'close'))).toFixed(4),
    );
  });
}

/** freqtrade 8h mark klines: OHLC real; Binance mark klines carry no volume ("0"). */
function markKlines(): BinanceKline[] {
  return readSharedCsv(ALPER_MARK_8H).map((r) =>
    kline(
      Number(field(r, 'timestamp_ms')),
      timeframeMs('8h'),
      [field(r, 'open'), field(r, 'high'), field(r, 'low'), field(r, 'close')],
      '0',
      '0',
    ),
  );
}

/**
 * Funding settlements: time (with Binance's odd +1 ms) and rate are real (freqtrade keeps the rate in
 * `open`). `markPrice` is DERIVED: the open of the real 8h mark kline starting at the settlement's
 * 8h slot, i.e. the mark price at that moment; "" where no mark kline exists.
 */
function fundingRows(mark: readonly BinanceKline[]): BinanceFundingRow[] {
  const markOpen = new Map(mark.map((k) => [k[0], k[1]]));
  const slot = timeframeMs('8h');
  return readSharedCsv(ALPER_FUNDING).map((r) => {
    const time = Number(field(r, 'timestamp_ms'));
    const m = markOpen.get(Math.floor(time / slot) * slot);
    return {
      fundingTime: time,
      fundingRate: Number(field(r, 'open')).toFixed(8),
      markPrice: m === undefined ? '' : Number(m).toFixed(8),
    };
  });
}

/**
 * The 4 real OI snapshots (2026-01-17 06:59-07:21 UTC). Times are the snapshot times truncated to ms,
 * NOT on a 5m grid as real openInterestHist rows are. `sumOpenInterestValue` is DERIVED as oi x mark.
 */
function openInterestRows(): BinanceOpenInterestRow[] {
  return readSharedCsv(GUOFENG_SNAPSHOT).map((r) => {
    const iso = field(r, 'timestamp').replace(/(\.\d{3})\d*/, '$1');
    const oi = Number(field(r, 'oi'));
    return {
      timestamp: Date.parse(iso),
      sumOpenInterest: oi.toFixed(8),
      sumOpenInterestValue: (oi * Number(field(r, 'mark_price'))).toFixed(8),
    };
  });
}

/** Loads every real NMR series the double can serve. Takes ~100 ms. */
export function loadRealNmrData(): DoubleMarketData {
  const mark8h = markKlines();
  return {
    symbol: 'NMRUSDT',
    klines: {
      '1m': farukKlines(),
      '5m': freqtradeKlines(ALPER_5M, timeframeMs('5m')),
      '1h': freqtradeKlines(ALPER_1H, timeframeMs('1h')),
    },
    markPriceKlines: { '8h': mark8h },
    fundingRates: fundingRows(mark8h),
    openInterest: openInterestRows(),
    provenance: [
      `klines 1m: ${FARUK_1M} (base volume derived = quote / close)`,
      `klines 5m, 1h: ${ALPER_5M}, ${ALPER_1H} (quote volume derived = volume x close)`,
      `markPriceKlines 8h: ${ALPER_MARK_8H}`,
      `fundingRate: ${ALPER_FUNDING} (markPrice derived from the 8h mark open)`,
      `openInterestHist: 4 snapshots from ${GUOFENG_SNAPSHOT} (value derived = oi x mark)`,
    ],
  };
}
