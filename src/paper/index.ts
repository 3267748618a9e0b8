/** Paper trading: live market events through the backtest's own loop (see docs/paper.md). */
export { PaperSession, type PaperSessionOptions } from './paper-session.js';
export type { MarketEvent } from './market-event.types.js';
export { warmingUp } from './warm-up-strategy.js';
export { ccxtMarketEvents, type CcxtMarketFeedOptions } from './ccxt-market-feed.js';
