import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EpochMs, HOUR_MS, MINUTE_MS, isoTime } from '../core/index.js';
import type { Candle } from '../data/index.js';
import { RiskEngine } from './risk-engine.js';
import { riskConfig, SYMBOL } from './test-helpers.js';

/** Real NMRUSDT perpetual bars (Binance USD-M, 2024-10-23 to 2025-10-23), read in place from ../shared/data. */
const DIR = path.resolve(
  import.meta.dirname,
  '../../../shared/data/nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10',
);

function readBars(file: string): Candle[] {
  const [, ...rows] = fs.readFileSync(path.join(DIR, file), 'utf8').trim().split('\n');
  return rows.map((row) => {
    const [time = '', open, high, low, close, volume] = row.split(',');
    return {
      openTime: Date.parse(`${time.replace(' ', 'T')}Z`) as EpochMs,
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    };
  });
}

describe('the risk engine on a real year of NMRUSDT perpetual bars', () => {
  it('calls about a sixth of the hours high-volatility (1h bars), in a few dozen episodes', () => {
    const engine = new RiskEngine(riskConfig(), { symbol: SYMBOL });
    let high = 0;
    let episodes = 0;
    let previous = 'normal';
    const bars = readBars('NMRUSDT_1h_365.csv');
    for (const bar of bars) {
      engine.onBar(bar, (bar.openTime + HOUR_MS) as EpochMs);
      const { regime } = engine.view((bar.openTime + HOUR_MS) as EpochMs);
      if (regime === 'high_volatility') high++;
      if (regime === 'high_volatility' && previous === 'normal') episodes++;
      previous = regime;
    }
    expect(bars.length).toBe(8760);
    // Pinned as measured (docs/risk.md): 1,506 of 8,760 hours (17.2%) in 38 episodes.
    expect([high, episodes]).toEqual([1_506, 38]);
  });

  it('trips the circuit breaker on the 2025-10-10 cascade (15m bars) and in a few violent episodes', () => {
    const trips: string[] = [];
    const engine = new RiskEngine(riskConfig(), {
      symbol: SYMBOL,
      onDecision: (d) => {
        if (d.outcome === 'flatten') trips.push(isoTime(d.time));
      },
    });
    for (const bar of readBars('NMRUSDT_15m_365.csv'))
      engine.onBar(bar, (bar.openTime + 15 * MINUTE_MS) as EpochMs);
    expect(trips.filter((t) => t.startsWith('2025-10-10'))).toEqual([
      '2025-10-10T21:00:00.000Z',
      '2025-10-10T21:15:00.000Z',
      '2025-10-10T21:30:00.000Z',
      '2025-10-10T21:45:00.000Z',
      '2025-10-10T22:00:00.000Z',
      '2025-10-10T22:15:00.000Z',
    ]);
    // Pinned as measured (docs/risk.md): 59 trips on 17 days, 26 of them in the 2025-08-26..29 swings.
    expect(trips.length).toBe(59);
    expect(new Set(trips.map((t) => t.slice(0, 10))).size).toBe(17);
    expect(trips.filter((t) => t >= '2025-08-26' && t < '2025-08-30')).toHaveLength(26);
  });
});
