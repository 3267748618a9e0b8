import type { BacktestSpec } from '../../backtest/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import type { MarketStore } from '../../data/index.js';
import { type BacktestFlags, specFromConfig } from './backtest-spec.js';
import { ensureMarketData } from './ensure-data.js';
import { chooseMarket } from './market.js';

/**
 * The spec of a backtest-like run (backtest, optimize) from config and flags, with its market data
 * downloaded first when missing and allowed (a note on stderr says what was fetched or is missing).
 */
export async function preparedSpec(
  store: MarketStore,
  config: NmrbotConfig,
  flags: BacktestFlags,
  tag: string,
  now: number,
): Promise<BacktestSpec> {
  const market = chooseMarket(store, config, flags, tag, now);
  const spec = specFromConfig(config, flags, market);
  if (!flags.synthetic) {
    const note = await ensureMarketData(
      store,
      {
        exchange: spec.exchange,
        symbol: spec.symbol,
        timeframe: spec.timeframe,
        from: spec.from ?? 0,
        to: spec.to ?? now,
      },
      { allowed: flags.download, baseUrl: flags.baseUrl },
    );
    if (note) process.stderr.write(`note: ${note}\n`);
  }
  return spec;
}
