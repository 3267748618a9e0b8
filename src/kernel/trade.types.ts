import type { EpochMs } from '../core/index.js';

/** A round trip: from flat to flat (a flip closes one trade and opens the next in the same fill). */
export interface TradeRecord {
  readonly id: number;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  /** The signal type of the entry: `ema_cross`, `momentum`, `funding_reversion`, ... */
  readonly signalType: string;
  readonly entryTime: EpochMs;
  readonly entryPrice: number;
  readonly exitTime: EpochMs;
  readonly exitPrice: number;
  /** Largest absolute size held during the trade. */
  readonly quantity: number;
  readonly leverage: number;
  /** Tag of the closing fill (`ema_cross`, `stop_loss`, `time_exit`, ...) or `liquidation`. */
  readonly exitReason: string;
  /** Price PnL realised, before fees and funding. */
  readonly grossPnl: number;
  readonly fees: number;
  /** Funding cash flow, + received / - paid. */
  readonly funding: number;
  readonly slippageCost: number;
  /** grossPnl - fees + funding. */
  readonly netPnl: number;
  readonly liquidated: boolean;
  /** What the entry decision was based on (signals, weights, regime), when the strategy gave it. */
  readonly entrySnapshot?: unknown;
}

/**
 * A trade a manual order opened, grew, reduced or closed: the journal keeps it as `origin: 'manual'`
 * with the note, mood and confidence of the first manual order that touched it. Every other trade
 * is automatic and carries none of these fields.
 */
export interface ManualTradeRecord extends TradeRecord {
  readonly origin: 'manual';
  readonly operatorNote: string;
  readonly mood?: string | undefined;
  readonly confidence?: number | undefined;
}
