import { CandleSeries, CandleSeriesBuilder } from '../src/data/index.js';

/**
 * SYNTHETIC benchmark input: a seeded random walk of 1m bars. Only its size matters here; it is
 * never stored anywhere but the benchmark's temporary folder.
 */
export function benchCandles(count: number, start = Date.UTC(2024, 0, 1)): CandleSeries {
  let seed = 42;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const b = new CandleSeriesBuilder('1m', count);
  let price = 10;
  for (let i = 0; i < count; i++) {
    const next = Math.max(0.5, price * (1 + (rand() - 0.5) * 0.004));
    const hi = Math.max(price, next) * (1 + rand() * 0.001);
    const lo = Math.min(price, next) * (1 - rand() * 0.001);
    b.push(start + i * 60_000, round(price), round(hi), round(lo), round(next), round(rand() * 500));
    price = next;
  }
  return b.build();
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The same bars as a Binance data-dump kline CSV (12 columns, no header). */
export function toBinanceKlineCsv(s: CandleSeries): string {
  const lines: string[] = new Array<string>(s.length);
  for (let i = 0; i < s.length; i++) {
    const t = s.openTime[i] as number;
    const c = s.close[i] as number;
    const v = s.volume[i] as number;
    lines[i] =
      `${t},${s.open[i]},${s.high[i]},${s.low[i]},${c},${v},${t + 59_999},${round(v * c)},10,${round(v / 2)},${round((v * c) / 2)},0`;
  }
  return lines.join('\n') + '\n';
}
