import type { Balances, Exchange, Order, Position, Trade } from 'ccxt';
import type { Side } from '../core/index.js';
import { tradeOf } from './ccxt-order-mapping.js';
import type { ExchangeTrade } from './order-gateway.types.js';

/** The account's position in the symbol as the exchange holds it (0 when flat). */
export interface ExchangePosition {
  /** Signed base quantity, long > 0. */
  readonly quantity: number;
  readonly entryPrice: number | undefined;
  readonly leverage: number | undefined;
}

/** An open order on the exchange (plain or conditional). */
export interface ExchangeOpenOrder {
  readonly venueClientId: string;
  readonly venueOrderId: string;
  readonly side: Side;
  readonly type: string;
  readonly quantity: number;
  readonly triggerPrice: number | undefined;
  readonly reduceOnly: boolean;
  /** A conditional (algo) order: a stop. */
  readonly stop: boolean;
}

/** What reconciliation compares the bot with: read fresh from the exchange. */
export interface ExchangeSnapshot {
  readonly position: ExchangePosition;
  readonly openOrders: readonly ExchangeOpenOrder[];
  /** The account's trades in the symbol since the time asked, oldest first. */
  readonly trades: readonly ExchangeTrade[];
}

const TRADE_PAGE = 1000;
const TRADE_WINDOW_MS = 7 * 24 * 3_600_000;

/**
 * Position, open orders (plain and stops) and the trades from `tradesSince` to `tradesUntil` of
 * `symbol`, over ccxt REST.
 */
export async function readExchangeSnapshot(
  ex: Exchange,
  symbol: string,
  quote: string,
  tradesSince: number,
  tradesUntil: number,
): Promise<ExchangeSnapshot> {
  const positions = await ex.fetchPositions([symbol]);
  const plain = await ex.fetchOpenOrders(symbol);
  const stops = await ex.fetchOpenOrders(symbol, undefined, undefined, { trigger: true });
  const trades = await readTradesSince(ex, symbol, quote, tradesSince, tradesUntil);
  return {
    position: positionOf(positions, symbol),
    openOrders: [...plain.map((o) => openOrderOf(o, false)), ...stops.map((o) => openOrderOf(o, true))],
    trades,
  };
}

/** The USDT wallet balance (Binance `walletBalance`; else ccxt's total). */
export async function readWalletBalance(ex: Exchange, quote: string): Promise<number> {
  const balance: Balances = await ex.fetchBalance();
  const info = balance.info as { assets?: { asset?: string; walletBalance?: string }[] } | undefined;
  const wallet = Number(info?.assets?.find((a) => a.asset === quote)?.walletBalance);
  if (Number.isFinite(wallet)) return wallet;
  const total = (balance.total as unknown as Record<string, number | undefined>)[quote];
  if (total === undefined || !Number.isFinite(total))
    throw new Error(`${ex.id} fetchBalance: no ${quote} balance in the answer`);
  return total;
}

/**
 * The account's trades from `since` to `until`. Binance answers at most 7 days per request (from
 * startTime when no endTime is sent), so the span is read in 7-day windows, each paged by `limit`.
 */
async function readTradesSince(
  ex: Exchange,
  symbol: string,
  quote: string,
  since: number,
  until: number,
): Promise<ExchangeTrade[]> {
  const out: ExchangeTrade[] = [];
  const seen = new Set<string>();
  for (let start = since; start <= until; start += TRADE_WINDOW_MS) {
    const end = Math.min(start + TRADE_WINDOW_MS - 1, until);
    let from = start;
    for (;;) {
      const page: Trade[] = await ex.fetchMyTrades(symbol, from, TRADE_PAGE, { until: end });
      let fresh = 0;
      for (const t of page) {
        const trade = tradeOf(t, quote);
        if (seen.has(trade.tradeId)) continue;
        seen.add(trade.tradeId);
        out.push(trade);
        fresh++;
      }
      const last = page[page.length - 1]?.timestamp;
      if (page.length < TRADE_PAGE || fresh === 0 || last === undefined) break;
      from = last;
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

function positionOf(positions: readonly Position[], symbol: string): ExchangePosition {
  for (const p of positions) {
    if (p.symbol !== symbol) continue;
    const contracts = Math.abs(p.contracts ?? 0) * (p.contractSize ?? 1);
    if (contracts === 0) continue;
    return {
      quantity: p.side === 'short' ? -contracts : contracts,
      entryPrice: p.entryPrice,
      leverage: p.leverage,
    };
  }
  return { quantity: 0, entryPrice: undefined, leverage: undefined };
}

function openOrderOf(o: Order, stop: boolean): ExchangeOpenOrder {
  return {
    venueClientId: o.clientOrderId ?? '',
    venueOrderId: String(o.id),
    side: o.side as Side,
    type: o.type ?? (stop ? 'stop_market' : 'market'),
    quantity: o.amount ?? 0,
    triggerPrice: o.triggerPrice ?? o.stopPrice,
    reduceOnly: o.reduceOnly === true,
    stop,
  };
}
