import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CandleSeries, CandleSeriesBuilder, parseMarketFile } from '../src/data/index.js';

export const SHARED_DATA = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'shared',
  'data',
);

/** Real Binance USD-M NMRUSDT 1m bars, 2025-06-16 21:00 to 2025-06-22 21:00 UTC (8,641 bars). */
export const FARUK_1M = path.join(
  SHARED_DATA,
  'nmr/perp/binance-usdm/faruk-crypto_trend_breakout_2025-06_1m/NMRUSDT_1m_UTC_derived.csv',
);

/** Reads a real NMR candle file with the importer (volume converted to base units where it is quote). */
export function readRealCandles(file: string, options: { quoteVolume?: boolean } = {}): CandleSeries {
  const parsed = parseMarketFile(fs.readFileSync(file, 'utf8'), file, {
    exchange: 'binanceusdm',
    map: options.quoteVolume
      ? 'time=timestamp_ms,open=open,high=high,low=low,close=close,volume=quote_volume_usdt'
      : undefined,
  });
  if (parsed.data.kind !== 'candles' && parsed.data.kind !== 'mark')
    throw new Error(`${file} holds no candles`);
  const s = parsed.data.series;
  if (!options.quoteVolume) return s;
  const volume = s.volume.map((v, i) => v / (s.close[i] as number));
  return new CandleSeries(s.timeframe, {
    openTime: s.openTime,
    open: s.open,
    high: s.high,
    low: s.low,
    close: s.close,
    volume,
  });
}

/**
 * REAL NMR bars JOINED END TO END: copies of `real` laid one after another in time. Odd copies run
 * backwards (bar order reversed, open and close swapped), so each copy starts where the previous one
 * ended and the price stays in NMR's real range; each copy is scaled so it opens exactly at the
 * previous close. Every bar's shape is real; the joins and the time reversal are not. Used only to
 * reach benchmark sizes.
 */
export function joinEndToEnd(real: CandleSeries, minBars: number): CandleSeries {
  const copies = Math.ceil(minBars / real.length);
  const n = real.length;
  const b = new CandleSeriesBuilder(real.timeframe, copies * n);
  let t = real.openTime[0] as number;
  let lastClose = real.open[0] as number;
  for (let c = 0; c < copies; c++) {
    const backwards = c % 2 === 1;
    const firstOpen = backwards ? (real.close[n - 1] as number) : (real.open[0] as number);
    const scale = lastClose / firstOpen;
    for (let k = 0; k < n; k++) {
      const i = backwards ? n - 1 - k : k;
      const o = (backwards ? real.close[i] : real.open[i]) as number;
      const cl = (backwards ? real.open[i] : real.close[i]) as number;
      b.push(
        t,
        o * scale,
        (real.high[i] as number) * scale,
        (real.low[i] as number) * scale,
        cl * scale,
        real.volume[i] as number,
      );
      t += real.timeframeMs;
      lastClose = cl * scale;
    }
  }
  return b.build();
}
