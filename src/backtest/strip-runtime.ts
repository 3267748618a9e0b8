import type { BacktestResult, BacktestSpec } from './backtest.types.js';

/** The spec as a result records it: the run's settings without strategy, data or callbacks. */
export function stripRuntime(input: BacktestSpec): BacktestResult['spec'] {
  const { exchange, symbol, timeframe, from, to, initialBalance, leverage, instrument, slippage, risk } =
    input;
  return {
    exchange,
    symbol,
    timeframe,
    from,
    to,
    initialBalance,
    leverage,
    instrument,
    slippage,
    maxBarVolumeFraction: input.maxBarVolumeFraction,
    fundingFallback: input.fundingFallback,
    spot: input.spot,
    risk,
    blackouts: input.blackouts,
  };
}
