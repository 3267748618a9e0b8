import {
  type ClientOrderId,
  type Clock,
  type EpochMs,
  type Fill,
  type OrderRequest,
  OrderType,
  VenueRejectedError,
} from '../core/index.js';
import { roundToIncrement, type VenueEvent } from '../execution/index.js';
import type { OrderPort } from '../kernel/index.js';
import { DEFAULT_RETRY_POLICY, jitteredBackoff, type RetryPolicy } from './backoff.js';
import { DecisionSequencer, deriveClientOrderId } from './client-order-id.js';
import { LatencyRecorder, type LatencyRecorderOptions, type LatencyReport } from './latency.js';
import { checkTransition, coreStatus, isTerminal, LiveOrderStatus } from './order-lifecycle.js';
import type {
  ExchangeOrderReport,
  ExchangeOrderRequest,
  ExchangeTrade,
  LiveOrderState,
  OrderGateway,
  OrderKind,
} from './order-gateway.types.js';
import {
  BINANCE_USDM_ORDER_LIMITS,
  BINANCE_USDM_REQUEST_WEIGHT_LIMITS,
  RateLimiter,
} from './rate-limiter.js';
import { classifyVenueError, VenueFault } from './venue-error.js';

export interface OrderManagerOptions {
  readonly gateway: OrderGateway;
  readonly clock: Clock;
  /** Part of every client order id: the same run id after a restart gives the same ids. */
  readonly runId: string;
  /** Step size of the instrument (filled quantities are summed on its grid). */
  readonly stepSize: number;
  /** Limits on creates. Default: Binance USD-M order limits (300 per 10 s, 1,200 per minute). */
  readonly rateLimiter?: RateLimiter;
  /**
   * Limits on everything else (lookups, cancels, trade reads), one token a request. Default: Binance
   * USD-M request weight, 2,400 per minute (an order lookup weighs 1, a trade read 5: conservative
   * enough for the manager's own reads, which are few).
   */
  readonly readRateLimiter?: RateLimiter;
  readonly retry?: Partial<RetryPolicy>;
  /** Waits `ms`; tests pass one that advances a simulated clock. Default: setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). Default: Math.random. */
  readonly random?: () => number;
  /**
   * `recovered` (default): before the first create of a decision made at or before `recoverUntil`
   * (a restart repeating it), look the client id up; `always`: before every create.
   */
  readonly lookupBeforeCreate?: 'recovered' | 'always';
  /**
   * Decisions at or before this time may have been sent by a previous process. Default: the clock's
   * time at construction; a driver whose kernel runs on event time passes the last event time seen.
   */
  readonly recoverUntil?: EpochMs;
  readonly latency?: LatencyRecorderOptions;
  readonly log?: (message: string) => void;
  /** Called when events are waiting in `drainEvents()` (the live driver wakes up). */
  readonly onEvents?: () => void;
}

interface Tracked {
  state: LiveOrderState;
  readonly kind: OrderKind;
  request: ExchangeOrderRequest;
  cancelRequested: boolean;
  /** The create has been started (or is held back by a replace until the old order is gone). */
  started: boolean;
  /** Settles when the create task ends (acknowledged, adopted, rejected or given up). */
  created: Promise<void>;
  /** Settles when the last cancel task ends. */
  cancelling: Promise<void>;
  /** The exchange's order ids of this order (a triggered stop adds the plain order it became). */
  readonly orderIds: Set<string>;
  /** Cumulative quantity the exchange reported; fills catch up with it through trades. */
  reportedFilled: number;
  lastSentAt: EpochMs | undefined;
}

type Lookup = ExchangeOrderReport | 'absent' | 'unknown';

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The live side of `OrderPort`. `submit` and `cancel` answer at once, as the kernel expects; the
 * exchange is talked to asynchronously, and what it reports comes back as the same `VenueEvent`s
 * SimVenue produces (`drainEvents`), fills once per trade id.
 *
 * Only idempotent steps are retried: reads, cancels, and a create whose absence was confirmed by a
 * lookup of its client order id made after the exchange would have dropped the first request.
 */
export class OrderManager implements OrderPort {
  readonly #o: OrderManagerOptions;
  readonly #policy: RetryPolicy;
  readonly #limiter: RateLimiter;
  readonly #readLimiter: RateLimiter;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #log: (message: string) => void;
  readonly #sequencer = new DecisionSequencer();
  readonly #latency: LatencyRecorder;
  readonly #recoverUntil: EpochMs;
  readonly #byKernelId = new Map<ClientOrderId, Tracked>();
  readonly #byVenueClientId = new Map<string, Tracked>();
  readonly #byVenueOrderId = new Map<string, Tracked>();
  readonly #tradeIds = new Set<string>();
  /** Trades that arrived before the report naming their order id. */
  readonly #earlyTrades = new Map<string, ExchangeTrade[]>();
  readonly #inflight = new Set<Promise<void>>();
  readonly #unresolved = new Set<Tracked>();
  #events: VenueEvent[] = [];
  /** Reports that broke the state machine (also logged). */
  readonly transitionErrors: Error[] = [];

  constructor(options: OrderManagerOptions) {
    this.#o = options;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#limiter = options.rateLimiter ?? new RateLimiter(BINANCE_USDM_ORDER_LIMITS, options.clock);
    this.#readLimiter =
      options.readRateLimiter ?? new RateLimiter(BINANCE_USDM_REQUEST_WEIGHT_LIMITS, options.clock);
    this.#sleep = options.sleep ?? realSleep;
    this.#random = options.random ?? Math.random;
    this.#log = options.log ?? (() => undefined);
    this.#latency = new LatencyRecorder({ warn: this.#log, ...options.latency });
    this.#recoverUntil = options.recoverUntil ?? options.clock.now();
  }

  /** Accepts the order and starts sending it; returns its state (`new` or already `submitted`). */
  submit(request: OrderRequest, now: EpochMs, referencePrice: number): LiveOrderState {
    const t = this.#track(request, now, referencePrice);
    if (t.state.lifecycle === LiveOrderStatus.New && !t.started) this.#startCreate(t, now);
    return t.state;
  }

  /**
   * Replaces working order `clientOrderId` by a changed copy under `newClientOrderId`; returns the new
   * order's state. A reduce-only stop (a protective stop being moved) is placed first and the old one
   * cancelled once the new one is acknowledged, so the position is never left unprotected (both only
   * reduce: if both triggered, the second would find nothing to close). Anything else is cancelled
   * first and the copy sent once the cancel is confirmed, for what the old order did not fill, so the
   * two can never fill together.
   * @throws VenueRejectedError when the old order is unknown here or already finished
   */
  replace(
    clientOrderId: ClientOrderId,
    newClientOrderId: ClientOrderId,
    changes: Partial<Pick<OrderRequest, 'quantity' | 'price' | 'triggerPrice'>>,
    now: EpochMs,
  ): LiveOrderState {
    const old = this.#byKernelId.get(clientOrderId);
    if (!old) throw new VenueRejectedError(`UNKNOWN_ORDER: clientOrderId=${clientOrderId}`);
    if (isTerminal(old.state.lifecycle) || old.cancelRequested)
      throw new VenueRejectedError(
        `ORDER_FINISHED: clientOrderId=${clientOrderId}, status=${old.state.lifecycle}${old.cancelRequested ? ' (cancel requested)' : ''}`,
      );
    const {
      lifecycle: _l,
      status: _s,
      filledQuantity: _f,
      averagePrice: _a,
      venueClientId: _v,
      ...base
    } = old.state;
    const request: OrderRequest = { ...base, ...changes, clientOrderId: newClientOrderId };
    const stopFirst = request.type === OrderType.StopMarket && request.reduceOnly === true;
    const fresh = this.#track(request, now, old.state.referencePrice);
    if (stopFirst) {
      this.#startCreate(fresh, now);
      void this.#run(async () => {
        await fresh.created;
        if (fresh.state.lifecycle === LiveOrderStatus.Rejected) {
          this.#log(`replace of ${old.request.venueClientId}: the new stop was rejected; the old one stays`);
          return;
        }
        this.cancel(clientOrderId, now);
      });
    } else {
      // Not started: sent below once the old order is out of the way (a cancel meanwhile just ends it).
      this.cancel(clientOrderId, now);
      void this.#run(async () => {
        await old.created;
        await old.cancelling;
        const left = roundToIncrement(
          request.quantity - old.state.filledQuantity,
          this.#o.stepSize,
          'nearest',
        );
        const ended =
          old.state.lifecycle === LiveOrderStatus.Cancelled ||
          old.state.lifecycle === LiveOrderStatus.Expired;
        if (fresh.state.lifecycle !== LiveOrderStatus.New) return; // cancelled while waiting
        if (ended && left >= this.#o.stepSize / 2) {
          fresh.request = { ...fresh.request, quantity: left };
          fresh.state = { ...fresh.state, quantity: left };
          this.#startCreate(fresh, now);
          return;
        }
        this.#log(
          `replace of ${old.request.venueClientId}: nothing sent (old order ${old.state.lifecycle}, ${left} left)`,
        );
        this.#advance(fresh, LiveOrderStatus.Rejected, {
          rejectReason: `REPLACED_ORDER_NOT_CANCELLED: old=${old.request.venueClientId}, status=${old.state.lifecycle}, left=${left}`,
        });
      });
    }
    return fresh.state;
  }

  #track(request: OrderRequest, now: EpochMs, referencePrice: number): Tracked {
    const sequence = this.#sequencer.next(now);
    const venueClientId = deriveClientOrderId({
      runId: this.#o.runId,
      decisionTime: now,
      sequence,
      tag: request.tag,
    });
    const existing = this.#byVenueClientId.get(venueClientId);
    if (existing) return existing;
    const kind: OrderKind = request.type === OrderType.StopMarket ? 'stop' : 'order';
    const tracked: Tracked = {
      state: {
        ...request,
        status: coreStatus(LiveOrderStatus.New),
        lifecycle: LiveOrderStatus.New,
        filledQuantity: 0,
        averagePrice: undefined,
        createdAt: now,
        updatedAt: now,
        venueClientId,
        referencePrice,
      },
      kind,
      request: {
        venueClientId,
        symbol: request.symbol,
        side: request.side,
        type: request.type,
        // A quantity summed from fills drifts off the grid (927.0999999999999): ccxt would truncate it
        // to 927, leaving a protective stop 0.1 short of the position.
        quantity: roundToIncrement(request.quantity, this.#o.stepSize, 'nearest'),
        price: request.price,
        triggerPrice: request.triggerPrice,
        reduceOnly: request.reduceOnly === true,
      },
      cancelRequested: false,
      orderIds: new Set(),
      reportedFilled: 0,
      lastSentAt: undefined,
      started: false,
      created: Promise.resolve(),
      cancelling: Promise.resolve(),
    };
    this.#byKernelId.set(request.clientOrderId, tracked);
    this.#byVenueClientId.set(venueClientId, tracked);
    this.#latency.decided(venueClientId);
    return tracked;
  }

  #startCreate(t: Tracked, now: EpochMs): void {
    t.started = true;
    const recovered = this.#o.lookupBeforeCreate === 'always' || now <= this.#recoverUntil;
    t.created = this.#run(() => this.#create(t, recovered));
  }

  /**
   * Asks for a cancel; returns the order's current state (the cancel itself arrives as an event).
   * @throws VenueRejectedError when the order was never submitted here
   */
  cancel(clientOrderId: ClientOrderId, _now: EpochMs): LiveOrderState | undefined {
    const t = this.#byKernelId.get(clientOrderId);
    if (!t) throw new VenueRejectedError(`UNKNOWN_ORDER: clientOrderId=${clientOrderId}`);
    if (isTerminal(t.state.lifecycle) || t.cancelRequested) return t.state;
    t.cancelRequested = true;
    // Not on the exchange yet: the create sends the cancel once it is acknowledged.
    if (t.state.lifecycle !== LiveOrderStatus.New && t.state.lifecycle !== LiveOrderStatus.Submitted)
      t.cancelling = this.#run(() => this.#cancelOnVenue(t));
    // Held back by a replace and never sent: nothing to cancel on the exchange.
    else if (!t.started) this.#advance(t, LiveOrderStatus.Cancelled, {});
    return t.state;
  }

  /** Events since the last call, in the order they happened. */
  drainEvents(): VenueEvent[] {
    const out = this.#events;
    this.#events = [];
    return out;
  }

  /** Resolves when nothing is in flight (every create, cancel and trade fetch has finished). */
  async settled(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  order(clientOrderId: ClientOrderId): LiveOrderState | undefined {
    return this.#byKernelId.get(clientOrderId)?.state;
  }

  orders(): LiveOrderState[] {
    return [...this.#byKernelId.values()].map((t) => t.state);
  }

  /** Orders whose fate could not be learnt (the exchange stayed unreachable): for reconciliation. */
  unresolved(): LiveOrderState[] {
    return [...this.#unresolved].map((t) => t.state);
  }

  /**
   * Asks the exchange about every working order (by client id) and applies the answers, trades
   * included: the REST fallback while the order stream is down, and a catch-up after a reconnect.
   */
  async refresh(): Promise<void> {
    const working = [...this.#byKernelId.values()].filter(
      (t) =>
        !isTerminal(t.state.lifecycle) &&
        t.state.lifecycle !== LiveOrderStatus.New &&
        t.state.lifecycle !== LiveOrderStatus.Submitted,
    );
    for (const t of working) {
      const found = await this.#lookup(t);
      if (found === 'absent')
        this.#log(`order ${t.request.venueClientId}: working here but unknown to the exchange`);
      else if (found !== 'unknown') await this.#applyReport(t, found);
    }
  }

  /**
   * Settles the orders whose fate could not be learnt: each is looked up by client id again; found,
   * its final state and trades are applied; absent (the create never landed), it is rejected. For
   * reconciliation. Returns how many were settled.
   */
  async resolveUnresolved(): Promise<number> {
    let settled = 0;
    for (const t of [...this.#unresolved]) {
      const found = await this.#lookup(t);
      if (found === 'unknown') continue;
      if (found === 'absent')
        this.#guard(t, () =>
          this.#advance(t, LiveOrderStatus.Rejected, {
            rejectReason: 'NOT_ON_EXCHANGE: the create never landed (found absent by reconciliation)',
          }),
        );
      else await this.#applyReport(t, found);
      this.#unresolved.delete(t);
      settled++;
    }
    return settled;
  }

  /** True when `venueOrderId` is one of the exchange ids of an order placed here (its trades come here). */
  tracksVenueOrder(venueOrderId: string): boolean {
    return this.#byVenueOrderId.has(venueOrderId);
  }

  latencyReport(): LatencyReport {
    return this.#latency.report();
  }

  /** An order update from a stream or a poll. Unknown orders (manual, other bots) are ignored. */
  onOrderReport(report: ExchangeOrderReport): void {
    const t =
      this.#byVenueClientId.get(report.venueClientId) ?? this.#byVenueOrderId.get(report.venueOrderId);
    if (t) void this.#run(() => this.#applyReport(t, report));
  }

  /** A trade from a stream or a poll; applied once per trade id. */
  onTrade(trade: ExchangeTrade): void {
    const t =
      (trade.venueClientId === undefined ? undefined : this.#byVenueClientId.get(trade.venueClientId)) ??
      this.#byVenueOrderId.get(trade.venueOrderId);
    if (!t) {
      const list = this.#earlyTrades.get(trade.venueOrderId) ?? [];
      list.push(trade);
      this.#earlyTrades.set(trade.venueOrderId, list);
      return;
    }
    this.#guard(t, () => this.#applyTrade(t, trade));
  }

  // ---- create -------------------------------------------------------------------------------

  async #create(t: Tracked, lookupFirst: boolean): Promise<void> {
    if (lookupFirst) {
      this.#advance(t, LiveOrderStatus.Submitted, {});
      const found = await this.#lookup(t);
      if (found === 'unknown') return this.#giveUp(t, 'lookup before create failed');
      if (found !== 'absent') return this.#adopt(t, found);
    }
    let attempt = 0;
    let rateLimited = 0;
    let driftRetried = false;
    for (;;) {
      {
        const pause = this.#throttle('order');
        if (pause) await pause;
      }
      this.#advance(t, LiveOrderStatus.Submitted, {});
      this.#latency.sent(t.request.venueClientId);
      t.lastSentAt = this.#o.clock.now();
      attempt++;
      try {
        const report = await this.#o.gateway.createOrder(t.request);
        this.#latency.acknowledged(t.request.venueClientId);
        await this.#applyReport(t, report);
        if (t.cancelRequested && !isTerminal(t.state.lifecycle)) await this.#cancelOnVenue(t);
        return;
      } catch (err) {
        const { fault, code, retryAfterMs } = classifyVenueError(err);
        const message = err instanceof Error ? err.message : String(err);
        switch (fault) {
          case VenueFault.ClockDrift:
            if (!driftRetried) {
              driftRetried = true;
              attempt--;
              this.#log(`order ${t.request.venueClientId}: clock drift (${code ?? '-1021'}), resyncing time`);
              await this.#resyncTime();
              continue;
            }
            return this.#reject(t, `CLOCK_DRIFT: code=${code ?? '-1021'} after a time resync; ${message}`);
          case VenueFault.RateLimited:
          case VenueFault.Banned: {
            // Refused before processing: sending the same request again is safe.
            attempt--;
            if (t.cancelRequested) return this.#cancelUnsent(t);
            if (++rateLimited > this.#policy.maxAttempts * 4)
              return this.#reject(t, `VENUE_RATE_LIMITED: code=${code ?? '429'}, retries=${rateLimited - 1}`);
            const wait = retryAfterMs ?? jitteredBackoff(rateLimited - 1, this.#policy, this.#random);
            this.#pause(wait);
            this.#log(`order ${t.request.venueClientId}: ${fault} (${code ?? ''}), pausing ${wait} ms`);
            continue;
          }
          case VenueFault.Duplicate: {
            const found = await this.#lookup(t);
            if (found === 'unknown') return this.#giveUp(t, 'duplicate client id, lookup failed');
            if (found !== 'absent') return this.#adopt(t, found);
            return this.#reject(t, `DUPLICATE_CLIENT_ORDER_ID: code=${code ?? ''}, not found on lookup`);
          }
          case VenueFault.UnknownOutcome: {
            const sinceSend = this.#o.clock.now() - (t.lastSentAt ?? 0);
            const wait = Math.max(
              jitteredBackoff(attempt - 1, this.#policy, this.#random),
              this.#policy.settleWindowMs - sinceSend,
            );
            this.#log(
              `order ${t.request.venueClientId}: outcome unknown (${code ?? message}), lookup in ${wait} ms`,
            );
            await this.#sleep(wait);
            const found = await this.#lookup(t);
            if (found === 'unknown') return this.#giveUp(t, `create outcome unknown: ${message}`);
            if (found !== 'absent') return this.#adopt(t, found);
            if (t.cancelRequested) return this.#cancelUnsent(t);
            if (attempt >= this.#policy.maxAttempts)
              return this.#reject(t, `VENUE_UNAVAILABLE: attempts=${attempt}, last=${code ?? message}`);
            continue;
          }
          default:
            return this.#reject(t, `VENUE_REJECTED: code=${code ?? 'none'}, ${message}`);
        }
      }
    }
  }

  /** Found on the exchange by its client id: it landed earlier (a timed-out create, a restart). */
  async #adopt(t: Tracked, report: ExchangeOrderReport): Promise<void> {
    this.#latency.acknowledged(t.request.venueClientId);
    await this.#applyReport(t, report);
    if (t.cancelRequested && !isTerminal(t.state.lifecycle)) await this.#cancelOnVenue(t);
  }

  /** Cancelled before the exchange ever had it (the create was refused or confirmed absent). */
  #cancelUnsent(t: Tracked): void {
    this.#advance(t, LiveOrderStatus.Cancelled, {});
  }

  #reject(t: Tracked, reason: string): void {
    this.#advance(t, LiveOrderStatus.Rejected, { rejectReason: reason });
  }

  #giveUp(t: Tracked, why: string): void {
    this.#unresolved.add(t);
    this.#log(`order ${t.request.venueClientId}: unresolved (${why}); reconciliation must settle it`);
  }

  /** The order by client id, reads retried with backoff; `unknown` when the exchange never answered. */
  async #lookup(t: Tracked): Promise<Lookup> {
    for (let attempt = 0; attempt < this.#policy.maxAttempts; attempt++) {
      {
        const pause = this.#throttle('read');
        if (pause) await pause;
      }
      try {
        const report = await this.#o.gateway.fetchOrder(t.request.symbol, t.request.venueClientId, t.kind);
        return report ?? 'absent';
      } catch (err) {
        const { fault, retryAfterMs } = classifyVenueError(err);
        if (fault === VenueFault.NotFound) return 'absent';
        if (fault === VenueFault.ClockDrift) {
          await this.#resyncTime();
          continue;
        }
        if (fault === VenueFault.Rejected) {
          this.#log(`order ${t.request.venueClientId}: lookup refused: ${(err as Error).message}`);
          return 'unknown';
        }
        const wait = retryAfterMs ?? jitteredBackoff(attempt, this.#policy, this.#random);
        if (fault === VenueFault.RateLimited || fault === VenueFault.Banned) this.#pause(wait);
        else await this.#sleep(wait);
      }
    }
    return 'unknown';
  }

  // ---- cancel -------------------------------------------------------------------------------

  async #cancelOnVenue(t: Tracked): Promise<void> {
    for (let attempt = 0; attempt < this.#policy.maxAttempts * 2; attempt++) {
      if (isTerminal(t.state.lifecycle)) return;
      {
        const pause = this.#throttle('read');
        if (pause) await pause;
      }
      try {
        const report = await this.#o.gateway.cancelOrder(t.request.symbol, t.request.venueClientId, t.kind);
        return await this.#applyReport(t, report);
      } catch (err) {
        const { fault, retryAfterMs } = classifyVenueError(err);
        if (fault === VenueFault.NotFound || fault === VenueFault.Rejected) {
          // Filled (or cancelled) just before our cancel: not an error; learn how it ended.
          const found = await this.#lookup(t);
          if (found === 'unknown' || found === 'absent') {
            this.#log(
              `order ${t.request.venueClientId}: cancel refused and order not found: ${(err as Error).message}`,
            );
            return this.#giveUp(t, 'cancel refused, final state unknown');
          }
          return await this.#applyReport(t, found);
        }
        if (fault === VenueFault.ClockDrift) {
          await this.#resyncTime();
          continue;
        }
        const wait = retryAfterMs ?? jitteredBackoff(attempt, this.#policy, this.#random);
        if (fault === VenueFault.RateLimited || fault === VenueFault.Banned) this.#pause(wait);
        else await this.#sleep(wait);
      }
    }
    this.#giveUp(t, 'cancel kept failing');
  }

  // ---- reports and trades -------------------------------------------------------------------

  async #applyReport(t: Tracked, report: ExchangeOrderReport): Promise<void> {
    this.#registerOrderId(t, report.venueOrderId);
    if (report.triggeredOrderId !== undefined) this.#registerOrderId(t, report.triggeredOrderId);
    t.reportedFilled = Math.max(t.reportedFilled, report.filledQuantity);
    if (this.#fillsBehind(t)) await this.#catchUpTrades(t);
    const { status } = report;
    const target =
      status === LiveOrderStatus.Filled || status === LiveOrderStatus.PartiallyFilled
        ? this.#fillStatus(t) // fills come from trades only
        : status;
    this.#guard(t, () =>
      this.#advance(t, target, {
        ...(report.rejectReason === undefined ? {} : { rejectReason: report.rejectReason }),
        updatedAt: report.time,
      }),
    );
  }

  /** Status the trades applied so far justify (acknowledged when none yet). */
  #fillStatus(t: Tracked): LiveOrderStatus {
    const { filledQuantity, quantity } = t.state;
    if (filledQuantity <= 0) return LiveOrderStatus.Acknowledged;
    return filledQuantity >= quantity - this.#o.stepSize / 2
      ? LiveOrderStatus.Filled
      : LiveOrderStatus.PartiallyFilled;
  }

  #fillsBehind(t: Tracked): boolean {
    return t.reportedFilled - t.state.filledQuantity > this.#o.stepSize / 2;
  }

  /** Fetches the order's trades until they add up to what the exchange reported filled. */
  async #catchUpTrades(t: Tracked): Promise<void> {
    for (let attempt = 0; attempt < this.#policy.maxAttempts && this.#fillsBehind(t); attempt++) {
      if (attempt > 0) await this.#sleep(jitteredBackoff(attempt - 1, this.#policy, this.#random));
      for (const orderId of t.orderIds) {
        {
          const pause = this.#throttle('read');
          if (pause) await pause;
        }
        try {
          const trades = await this.#o.gateway.fetchOrderTrades(t.request.symbol, orderId);
          for (const trade of trades) this.#guard(t, () => this.#applyTrade(t, trade));
        } catch (err) {
          this.#log(
            `order ${t.request.venueClientId}: trades of ${orderId} not read: ${(err as Error).message}`,
          );
        }
      }
    }
    if (this.#fillsBehind(t))
      this.#log(
        `order ${t.request.venueClientId}: exchange reports ${t.reportedFilled} filled, trades give ${t.state.filledQuantity}`,
      );
  }

  #applyTrade(t: Tracked, trade: ExchangeTrade): void {
    const key = `${trade.symbol}:${trade.tradeId}`;
    if (this.#tradeIds.has(key)) return;
    this.#tradeIds.add(key);
    const s = t.state;
    const filledQuantity = roundToIncrement(s.filledQuantity + trade.quantity, this.#o.stepSize, 'nearest');
    const averagePrice =
      ((s.averagePrice ?? 0) * s.filledQuantity + trade.price * trade.quantity) / filledQuantity;
    const sign = s.side === 'buy' ? 1 : -1;
    const base = s.type === OrderType.StopMarket ? (s.triggerPrice ?? s.referencePrice) : s.referencePrice;
    const fill: Fill = {
      tradeId: trade.tradeId,
      clientOrderId: s.clientOrderId,
      symbol: s.symbol,
      time: trade.time,
      side: s.side,
      quantity: trade.quantity,
      price: trade.price,
      fee: trade.fee,
      liquidity: trade.maker ? 'maker' : 'taker',
      slippageCost: Number.isFinite(base) ? sign * (trade.price - base) * trade.quantity : 0,
      reduceOnly: s.reduceOnly === true,
      ...(s.tag === undefined ? {} : { tag: s.tag }),
    };
    this.#push({ type: 'fill', fill });
    t.state = { ...t.state, filledQuantity, averagePrice, updatedAt: trade.time };
    t.reportedFilled = Math.max(t.reportedFilled, filledQuantity);
    const next = this.#fillStatus(t);
    // A late trade of an order already cancelled or expired changes its quantity, not its end.
    if (isTerminal(t.state.lifecycle) || checkTransition(s.venueClientId, s.lifecycle, next) === 'stale')
      this.#push({ type: 'order', order: t.state });
    else this.#setLifecycle(t, next, {});
  }

  #registerOrderId(t: Tracked, orderId: string): void {
    if (orderId === '' || t.orderIds.has(orderId)) return;
    t.orderIds.add(orderId);
    this.#byVenueOrderId.set(orderId, t);
    if (t.state.venueOrderId === undefined) t.state = { ...t.state, venueOrderId: orderId };
    const early = this.#earlyTrades.get(orderId);
    if (early) {
      this.#earlyTrades.delete(orderId);
      for (const trade of early) this.#guard(t, () => this.#applyTrade(t, trade));
    }
  }

  /** Moves the order when the state machine allows it; a stale report changes nothing. */
  #advance(t: Tracked, to: LiveOrderStatus, extra: Partial<LiveOrderState>): void {
    if (checkTransition(t.state.venueClientId, t.state.lifecycle, to) === 'stale') return;
    this.#setLifecycle(t, to, extra);
  }

  #setLifecycle(t: Tracked, to: LiveOrderStatus, extra: Partial<LiveOrderState>): void {
    t.state = {
      ...t.state,
      ...extra,
      lifecycle: to,
      status: coreStatus(to),
      updatedAt: extra.updatedAt ?? this.#o.clock.now(),
    };
    if (isTerminal(to)) this.#unresolved.delete(t);
    // `new → submitted` is the order manager's own business; the kernel already has the order.
    if (to !== LiveOrderStatus.Submitted) this.#push({ type: 'order', order: t.state });
  }

  #guard(t: Tracked, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof Error) || err.name !== 'OrderTransitionError') throw err;
      this.transitionErrors.push(err);
      this.#log(`order ${t.request.venueClientId}: ${err.message}; report ignored`);
    }
  }

  #push(event: VenueEvent): void {
    this.#events.push(event);
    this.#o.onEvents?.();
  }

  /** The venue said stop (429, 418): it applies to every request from this account and address. */
  #pause(ms: number): void {
    const until = (this.#o.clock.now() + ms) as EpochMs;
    this.#limiter.pauseUntil(until);
    this.#readLimiter.pauseUntil(until);
  }

  /** A failed resync is logged; the retry that follows then fails on its own terms. */
  async #resyncTime(): Promise<void> {
    try {
      await this.#o.gateway.resyncTime();
    } catch (err) {
      this.#log(`time resync failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Waits for the rate limiter; no await (so no turn of the event loop) when a token is free. */
  #throttle(kind: 'order' | 'read'): Promise<void> | void {
    const wait = (kind === 'order' ? this.#limiter : this.#readLimiter).reserve();
    return wait > 0 ? this.#sleep(wait) : undefined;
  }

  #run(task: () => Promise<void>): Promise<void> {
    const p: Promise<void> = task()
      .catch((err: unknown) =>
        this.#log(`order task failed: ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => this.#inflight.delete(p));
    this.#inflight.add(p);
    return p;
  }
}
