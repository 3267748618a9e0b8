import type { Balances, Exchange, MarketInterface, OHLCV, Order, OrderBook, Position, Trade } from 'ccxt';
import type { Clock, InstrumentSpec } from '../core/index.js';
import type { CcxtConnection } from './ccxt-connect.js';
import { type InstrumentFallbacks, loadInstrument } from './ccxt-instrument.js';
import {
  createOrderArgs,
  orderLookupParams,
  reportOfOrder,
  type StopPlacement,
  tradeOf,
} from './ccxt-order-mapping.js';
import type {
  ExchangeOrderReport,
  ExchangeOrderRequest,
  ExchangeTrade,
  OrderGateway,
  OrderKind,
} from './order-gateway.types.js';
import { StreamLoop } from './stream-loop.js';
import { classifyVenueError, VenueFault } from './venue-error.js';

export interface CcxtVenueOptions {
  readonly connection: CcxtConnection;
  /** Unified symbol, e.g. `NMR/USDT:USDT`. */
  readonly symbol: string;
  readonly clock: Clock;
  readonly log?: (message: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  /** REST polling period while a websocket is down. Default 2,000 ms. */
  readonly pollIntervalMs?: number;
  /** How long to poll before trying the websocket again. Default 30,000 ms. */
  readonly socketRetryMs?: number;
  /** NMR defaults where the venue publishes nothing (liquidation fee) or tiers cannot be read. */
  readonly instrumentFallbacks?: InstrumentFallbacks;
}

/** Listeners of the account streams; positions and balance are passed on as ccxt unifies them. */
export interface AccountHandlers {
  readonly onOrderReport: (report: ExchangeOrderReport) => void;
  readonly onTrade: (trade: ExchangeTrade) => void;
  readonly onPositions?: (positions: readonly Position[]) => void;
  readonly onBalance?: (balance: Balances) => void;
  /** Asks the exchange about the working orders (`OrderManager.refresh`): the REST fallback of the order stream. */
  readonly refresh: () => Promise<void>;
}

export interface MarketHandlers {
  readonly timeframe?: string;
  readonly onCandles?: (candles: readonly OHLCV[]) => void;
  readonly onTrades?: (trades: readonly Trade[]) => void;
  readonly onOrderBook?: (book: OrderBook) => void;
}

/** The playbook's order-path budget to the exchange. */
export const ACK_BUDGET_MS = 100;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A venue reached through the real ccxt client (`ccxt.pro.binanceusdm` first, `bybit` second, any id):
 * instrument filters, leverage and isolated margin, orders for the order manager (`OrderGateway`),
 * and market and account streams over websockets with a REST polling fallback.
 */
export class CcxtVenue implements OrderGateway {
  readonly #o: CcxtVenueOptions;
  readonly #ex: Exchange;
  readonly #log: (message: string) => void;
  readonly #loops: StreamLoop<unknown>[] = [];
  #quote = 'USDT';

  constructor(options: CcxtVenueOptions) {
    this.#o = options;
    this.#ex = options.connection.exchange;
    this.#log = (m) => (options.log ?? (() => undefined))(options.connection.redact(m));
  }

  get exchange(): Exchange {
    return this.#ex;
  }

  get symbol(): string {
    return this.#o.symbol;
  }

  /**
   * How protective stops are placed: attached to the entry where ccxt says the venue takes a stop
   * loss with the order (bybit), else a separate reduce-only stop order (Binance: STOP_MARKET algo order).
   */
  get stopPlacement(): StopPlacement {
    const features = this.#ex.features as Record<string, Record<string, Record<string, unknown>> | undefined>;
    const create = features['swap']?.['linear']?.['createOrder'] as Record<string, unknown> | undefined;
    return create?.['attachedStopLossTakeProfit'] ? 'attached' : 'separate';
  }

  /**
   * The acknowledgement budget to warn about (the playbook's 100 ms to the exchange) on a real venue;
   * none on a local double. Pass it to the order manager as `latency.warnAckAboveMs`.
   */
  get latencyBudgetMs(): number | undefined {
    return this.#o.connection.local ? undefined : ACK_BUDGET_MS;
  }

  /** Markets, filters and leverage tiers of the symbol as the project's `InstrumentSpec`. */
  async loadInstrument(): Promise<InstrumentSpec> {
    const spec = await loadInstrument(this.#ex, this.#o.symbol, {
      liquidationFeeRate: this.#o.instrumentFallbacks?.liquidationFeeRate ?? 0.015,
      marginTiers: this.#o.instrumentFallbacks?.marginTiers ?? [],
    });
    const markets = this.#ex.markets as Record<string, MarketInterface | undefined> | undefined;
    this.#quote = markets?.[this.#o.symbol]?.settle ?? 'USDT';
    return spec;
  }

  /** Sets the symbol's leverage; "not modified" answers count as success. */
  async setLeverage(leverage: number): Promise<void> {
    await this.#idempotentSetting(`setLeverage(${leverage})`, () =>
      this.#ex.setLeverage(leverage, this.#o.symbol),
    );
  }

  /** Isolated margin; "No need to change margin type" (-4046) is success. Bybit wants the leverage too. */
  async setIsolatedMargin(leverage?: number): Promise<void> {
    const params = leverage === undefined ? {} : { leverage };
    try {
      await this.#idempotentSetting('setMarginMode(isolated)', () =>
        this.#ex.setMarginMode('isolated', this.#o.symbol, params),
      );
    } catch (err) {
      // A restart with a position open (after a crash, or one opened by hand in cross margin): Binance
      // refuses to change the margin type then (-4048). The bot must still start and reconcile.
      if (classifyVenueError(err).code !== '-4048') throw err;
      this.#log(
        `${this.#ex.id} setMarginMode(isolated): not changed while a position is open (-4048); the position keeps its margin type`,
      );
    }
  }

  async #idempotentSetting(what: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      if (classifyVenueError(err).fault === VenueFault.AlreadySet) {
        this.#log(`${this.#ex.id} ${what}: already set`);
        return;
      }
      throw err;
    }
  }

  // ---- OrderGateway -------------------------------------------------------------------------

  async createOrder(request: ExchangeOrderRequest): Promise<ExchangeOrderReport> {
    const { type, price, params } = createOrderArgs(this.#ex.id, request);
    const order = await this.#ex.createOrder(
      request.symbol,
      type,
      request.side,
      request.quantity,
      price,
      params,
    );
    return this.#report({ ...order, clientOrderId: order.clientOrderId ?? request.venueClientId });
  }

  async fetchOrder(
    symbol: string,
    venueClientId: string,
    kind: OrderKind,
  ): Promise<ExchangeOrderReport | undefined> {
    try {
      const params = orderLookupParams(this.#ex.id, venueClientId, kind, 'fetch');
      const order = await this.#ex.fetchOrder('', symbol, params);
      return await this.#resolveStop(this.#report(order), kind);
    } catch (err) {
      if (classifyVenueError(err).fault === VenueFault.NotFound) return undefined;
      throw err;
    }
  }

  async cancelOrder(symbol: string, venueClientId: string, kind: OrderKind): Promise<ExchangeOrderReport> {
    const params = orderLookupParams(this.#ex.id, venueClientId, kind, 'cancel');
    // bybit sends an order id it is given, even an empty one, next to the orderLinkId.
    const id = this.#ex.id === 'bybit' ? (undefined as unknown as string) : '';
    const order = await this.#ex.cancelOrder(id, symbol, params);
    const report = this.#report({ ...order, clientOrderId: order.clientOrderId ?? venueClientId });
    // Binance answers an algo (stop) cancel with {code: 200, msg: success} and no status: it is cancelled.
    return order.status === undefined ? { ...report, status: 'cancelled' } : report;
  }

  async fetchOrderTrades(symbol: string, venueOrderId: string): Promise<readonly ExchangeTrade[]> {
    const trades = await this.#ex.fetchMyTrades(symbol, undefined, undefined, { orderId: venueOrderId });
    return trades.filter((t) => String(t.order) === venueOrderId).map((t) => tradeOf(t, this.#quote));
  }

  /** ccxt's `loadTimeDifference` (GET /fapi/v1/time): signed requests then carry the exchange's time. */
  async resyncTime(): Promise<void> {
    const offset = (await this.#ex.loadTimeDifference()) as unknown;
    this.#log(`${this.#ex.id}: time offset resynced to ${Number(offset)} ms`);
  }

  /** A triggered stop (algo order FINISHED) reports what the plain order it became did. */
  async #resolveStop(report: ExchangeOrderReport, kind: OrderKind): Promise<ExchangeOrderReport> {
    if (kind !== 'stop' || report.triggeredOrderId === undefined) return report;
    const actual = await this.#ex.fetchOrder(report.triggeredOrderId, this.#o.symbol);
    const a = this.#report(actual);
    return { ...report, status: a.status, filledQuantity: a.filledQuantity, averagePrice: a.averagePrice };
  }

  #report(order: Order): ExchangeOrderReport {
    return reportOfOrder(order, this.#o.clock.now());
  }

  // ---- streams ------------------------------------------------------------------------------

  /** Order updates, trades, positions and balance: websockets, REST while a socket is down. */
  watchAccount(h: AccountHandlers): void {
    const ex = this.#ex;
    const symbol = this.#o.symbol;
    let since: number | undefined;
    this.#loop<Order[]>(
      'orders',
      () => ex.watchOrders(symbol),
      async () => {
        await h.refresh();
        return [];
      },
      (orders) => orders.forEach((o) => h.onOrderReport(this.#report(o))),
    );
    this.#loop<Trade[]>(
      'my trades',
      () => ex.watchMyTrades(symbol),
      () => ex.fetchMyTrades(symbol, since),
      (trades) => {
        for (const t of trades) {
          h.onTrade(tradeOf(t, this.#quote));
          if (t.timestamp !== undefined) since = Math.max(since ?? 0, t.timestamp);
        }
      },
    );
    if (h.onPositions) {
      const on = h.onPositions;
      this.#loop<Position[]>(
        'positions',
        () => ex.watchPositions([symbol]),
        () => ex.fetchPositions([symbol]),
        (p) => on(p),
      );
    }
    if (h.onBalance) {
      const on = h.onBalance;
      this.#loop<Balances>(
        'balance',
        () => ex.watchBalance(),
        () => ex.fetchBalance(),
        (b) => on(b),
      );
    }
  }

  /** Candles, public trades and the order book: websockets, REST while a socket is down. */
  watchMarket(h: MarketHandlers): void {
    const ex = this.#ex;
    const symbol = this.#o.symbol;
    const tf = h.timeframe ?? '1m';
    if (h.onCandles) {
      const on = h.onCandles;
      this.#loop<OHLCV[]>(
        `ohlcv ${tf}`,
        () => ex.watchOHLCV(symbol, tf),
        () => ex.fetchOHLCV(symbol, tf, undefined, 2),
        (c) => on(c),
      );
    }
    if (h.onTrades) {
      const on = h.onTrades;
      this.#loop<Trade[]>(
        'trades',
        () => ex.watchTrades(symbol),
        () => ex.fetchTrades(symbol),
        (t) => on(t),
      );
    }
    if (h.onOrderBook) {
      const on = h.onOrderBook;
      this.#loop<OrderBook>(
        'order book',
        () => ex.watchOrderBook(symbol),
        () => ex.fetchOrderBook(symbol),
        (b) => on(b),
      );
    }
  }

  /** Per stream: where it gets its data now (`socket` or `polling`) and how often it fell back. */
  streamStats(): Record<string, { mode: string; fallbacks: number; socketUpdates: number; polls: number }> {
    return Object.fromEntries(
      this.#loops.map((l) => [
        l.name,
        { mode: l.mode, fallbacks: l.fallbacks, socketUpdates: l.socketUpdates, polls: l.polls },
      ]),
    );
  }

  async close(): Promise<void> {
    const loops = this.#loops.splice(0);
    for (const l of loops) l.requestStop();
    await this.#ex.close();
    await Promise.all(loops.map((l) => l.stop()));
  }

  #loop<T>(name: string, watch: () => Promise<T>, poll: () => Promise<T>, onData: (data: T) => void): void {
    const loop = new StreamLoop<T>({
      name: `${this.#ex.id} ${name}`,
      watch,
      poll,
      onData,
      sleep: this.#o.sleep ?? realSleep,
      pollIntervalMs: this.#o.pollIntervalMs ?? 2000,
      socketRetryMs: this.#o.socketRetryMs ?? 30_000,
      log: this.#log,
    });
    this.#loops.push(loop as StreamLoop<unknown>);
    loop.start();
  }
}
