import type { EpochMs, InstrumentSpec } from '../core/index.js';

/** An open USDT-M isolated position in one-way mode. All money in USDT. */
export interface Position {
  readonly symbol: string;
  /** Signed size in base units (NMR): positive = long, negative = short. Never 0 while open. */
  readonly quantity: number;
  /** Average entry price, weighted by quantity over the fills that opened or increased it. */
  readonly entryPrice: number;
  /** Leverage of the latest fill that opened or increased the position. */
  readonly leverage: number;
  /** Margin reserved for this position: opening notional / leverage, minus releases and funding. */
  readonly isolatedMargin: number;
  /** PnL realised by reductions of this position so far (positive = profit). */
  readonly realisedPnl: number;
  /** Funding paid by this position so far (positive = paid, negative = received). */
  readonly fundingPaid: number;
  /** Trading fees charged to this position so far (positive = paid). */
  readonly feesPaid: number;
  /** Time of the fill that opened it (for a flip: the flipping fill). */
  readonly openedAt: EpochMs;
}

/** What one fill did to the portfolio. */
export interface FillEffect {
  /** True when the trade id was applied before: nothing changed. */
  readonly duplicate: boolean;
  /** PnL realised by the reducing part of the fill (paid into the wallet). */
  readonly realisedPnl: number;
  /** Quantity (absolute) of the previous position closed by this fill. */
  readonly closedQuantity: number;
  /** Quantity (absolute) opened or added by this fill. */
  readonly openedQuantity: number;
  /** The position after the fill, or undefined when flat. */
  readonly positionAfter: Position | undefined;
  /** Final snapshot of a position this fill closed completely (also on a flip), for the journal. */
  readonly closedPosition: Position | undefined;
}

/** Result of a forced close at the liquidation price. */
export interface LiquidationResult {
  readonly symbol: string;
  readonly time: EpochMs;
  /** Signed quantity that was liquidated. */
  readonly quantity: number;
  /** Close price: the liquidation price, or the given gap price. */
  readonly price: number;
  /** PnL realised at `price`, never below −(isolated margin). */
  readonly realisedPnl: number;
  /** Liquidation fee: rate · notional at `price`, capped at the margin left after the PnL. */
  readonly fee: number;
  /** Isolated margin returned to the free balance: margin + realisedPnl − fee, >= 0. */
  readonly marginReturned: number;
  /** Final snapshot of the liquidated position. */
  readonly closedPosition: Position;
}

/** A point-in-time view of the account for equity sampling. */
export interface PortfolioSnapshot {
  readonly wallet: number;
  readonly unrealisedPnl: number;
  readonly equity: number;
  readonly marginUsed: number;
  readonly positions: readonly Position[];
}

export interface PortfolioOptions {
  /** Starting wallet balance, USDT. */
  readonly initialBalance: number;
  /** One spec per tradable symbol: margin tiers and liquidation fee rate are used. */
  readonly instruments: readonly InstrumentSpec[];
}
