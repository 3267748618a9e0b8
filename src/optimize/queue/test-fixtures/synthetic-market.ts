import { CandleSeriesBuilder } from '../../../data/index.js';
import type { MarketData } from '../../market-data.js';

export const H = 3_600_000;
export const T0 = Date.UTC(2025, 0, 6, 0);

/** SYNTHETIC market: `bars` hourly bars of a drifting sine wave with a deterministic wiggle. */
export function syntheticMarket(bars = 400): MarketData {
  const b = new CandleSeriesBuilder('1h');
  const mid = (j: number): number => 10 + 0.004 * j + 1.2 * Math.sin(j / 17) + 0.15 * Math.sin(j * 1.7);
  for (let i = 0; i < bars; i++) {
    const o = mid(i);
    const c = mid(i + 1);
    b.push(T0 + i * H, o, Math.max(o, c) + 0.05, Math.min(o, c) - 0.05, c, 1e6);
  }
  return { bars: b.build(), synthetic: true, funding: [], spot: undefined, data: [] };
}
