import path from 'node:path';
import { specFromConfig } from '../src/cli/backtest/backtest-spec.js';
import { defaultConfig } from '../src/config/index.js';
import type { CandleSeries } from '../src/data/index.js';
import type { MarketData, PortableJobContext } from '../src/optimize/index.js';
import { SHARED_DATA } from './real-nmr.js';

/** REAL Binance USD-M NMRUSDT 15m bars, 2024-10-23 07:00 to 2025-10-23 06:30 UTC (the last, still forming bar dropped). */
export const YEAR_15M = path.join(
  SHARED_DATA,
  'nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);

/** A market of real bars alone: no funding, spot or alternative data stored with them. */
export function barsOnlyMarket(bars: CandleSeries): MarketData {
  return { bars, synthetic: false, funding: [], spot: undefined, data: [] };
}

/** The optimisation context of `nmr-playbook` with the default config on Binance NMRUSDT, Sharpe objective. */
export function playbookContext(days: string): PortableJobContext {
  const config = defaultConfig();
  const flags = { days, seed: '1', download: false, risk: true, timeframe: '15m' };
  const spec = specFromConfig(config, flags, { exchange: 'binanceusdm', symbol: 'NMR/USDT:USDT' });
  return { spec, strategy: 'nmr-playbook', config, params: {}, objective: 'sharpe', constraints: [] };
}
