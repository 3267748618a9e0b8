import type { EpochMs, Fill, InstrumentSpec, OrderState } from '../core/index.js';
import type { SlippageConfig } from './slippage.js';

export interface SimVenueOptions {
  readonly instrument: InstrumentSpec;
  readonly slippage: SlippageConfig;
  /**
   * Share of a bar's base volume the venue lets us trade in that bar, e.g. 0.1. Fills in one bar
   * (at the open and intrabar together) stop there; the rest of the order keeps working.
   */
  readonly maxBarVolumeFraction: number;
  /** Prefix of trade ids: `sim` gives `sim-1`, `sim-2`, ... */
  readonly idPrefix?: string | undefined;
}

/** What the kernel knows about the position when a bar closes. */
export interface BarCloseContext {
  /** Liquidation price of the position held at the start of the bar (from the portfolio). */
  readonly liquidationPrice?: number | undefined;
  /** Side of that position; when absent, the venue's own net position decides. */
  readonly positionSide?: 'long' | 'short' | undefined;
}

/** Everything the venue reports back, in the order it happened. */
export type VenueEvent =
  | { readonly type: 'order'; readonly order: OrderState }
  | { readonly type: 'fill'; readonly fill: Fill }
  | { readonly type: 'liquidation'; readonly symbol: string; readonly price: number; readonly time: EpochMs };
