import { isOpenStatus } from './account-records.js';
import type { ExchangeEngine } from './exchange-engine.js';

/** A plain snapshot of the double for tests, demos and logs. */
export interface DoubleState {
  /** Replay time, epoch ms. */
  readonly time: number;
  readonly formingIndex: number;
  readonly bars: number;
  /** True once the last bar is forming: the replay has nothing more to play. */
  readonly ended: boolean;
  readonly lastPrice: number;
  readonly leverage: number;
  readonly marginType: 'ISOLATED' | 'CROSSED';
  readonly wallet: number;
  readonly equity: number;
  /** Signed position in base units (long > 0), 0 when flat. */
  readonly position: number;
  readonly entryPrice: number | undefined;
  readonly liquidationPrice: number | undefined;
  readonly openOrders: number;
  readonly openAlgoOrders: number;
  readonly trades: number;
}

export function stateOf(engine: ExchangeEngine, ended: boolean): DoubleState {
  const symbol = engine.instrument.symbol;
  const p = engine.portfolio.position(symbol);
  return {
    time: engine.now(),
    formingIndex: engine.replay.formingIndex,
    bars: engine.replay.series.length,
    ended,
    lastPrice: engine.replay.lastPrice,
    leverage: engine.leverage,
    marginType: engine.marginType,
    wallet: engine.portfolio.walletBalance,
    equity: engine.portfolio.equity(),
    position: p?.quantity ?? 0,
    entryPrice: p?.entryPrice,
    liquidationPrice: engine.portfolio.liquidationPrice(symbol),
    openOrders: engine.ledger.orders().filter((o) => isOpenStatus(o.status)).length,
    openAlgoOrders: engine.ledger.algos().filter((a) => a.algoStatus === 'NEW').length,
    trades: engine.ledger.trades().length,
  };
}
