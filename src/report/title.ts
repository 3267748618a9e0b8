import type { BacktestResult } from '../backtest/index.js';
import { syntheticTitle } from '../data/index.js';
import { fmtDate } from './format.js';

const MODE_TITLES = { backtest: 'Backtest', paper: 'Paper', live: 'Live' } as const;

/**
 * The report's title: `Backtest: <strategy> on <exchange> <symbol> <timeframe>` (`Paper:` or `Live:`
 * for a session), prefixed with `[SYNTHETIC] ` when any input was generated data.
 */
export function reportTitle(result: BacktestResult): string {
  const { exchange, symbol, timeframe } = result.spec;
  return syntheticTitle(
    `${MODE_TITLES[result.mode ?? 'backtest']}: ${result.strategy} on ${exchange} ${symbol} ${timeframe}`,
    result.synthetic,
  );
}

/**
 * A file-name-safe name of the run: `[synthetic-]<strategy>-<exchange>-<symbol>-<timeframe>-<first
 * day>-<last day>`, anything but letters, digits, `.`, `_` and `-` replaced by `_`.
 */
export function runName(result: BacktestResult): string {
  const { exchange, symbol, timeframe } = result.spec;
  const day = (t: number) => fmtDate(t).replaceAll('-', '');
  const parts = [
    result.strategy,
    exchange,
    symbol,
    timeframe,
    day(result.firstBarOpen),
    day(result.lastBarClose),
  ];
  const name = (result.synthetic ? 'synthetic-' : '') + parts.join('-');
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_');
}
