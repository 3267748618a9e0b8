import type { Candle } from '../data/index.js';
import type { DataEvent, FundingRateEvent } from '../strategy/index.js';

/** What a market feed hands a trading session, in the order it learned it. */
export type MarketEvent =
  /** A bar of the session's timeframe that has closed (never a forming one). */
  | { readonly kind: 'bar'; readonly candle: Candle }
  /** Funding settlements that happened, oldest first. */
  | { readonly kind: 'funding'; readonly events: readonly FundingRateEvent[] }
  /** Alternative data (Numerai, on-chain, sentiment) that became available. */
  | { readonly kind: 'data'; readonly events: readonly DataEvent[] };
