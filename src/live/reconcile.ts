import type { Exchange } from 'ccxt';
import {
  type ClientOrderId,
  type EpochMs,
  type Fill,
  type InstrumentSpec,
  OrderType,
  type Side,
} from '../core/index.js';
import { roundToIncrement, type VenueEvent } from '../execution/index.js';
import { parseClientOrderId, runKey } from './client-order-id.js';
import { type ExchangeOpenOrder, type ExchangeSnapshot, readExchangeSnapshot } from './exchange-snapshot.js';
import { isTerminal, LiveOrderStatus } from './order-lifecycle.js';
import type { ExchangeTrade, LiveOrderState } from './order-gateway.types.js';
import type { OrderManager } from './order-manager.js';

export type OrphanPolicy = 'adopt' | 'close';

const DAY_MS = 86_400_000;
/** Exchange trades older than this are never compared with the journal (Binance keeps 6 months). */
const MAX_TRADE_LOOKBACK_MS = 30 * DAY_MS;

/** One difference between the bot and the exchange, and what was done about it. */
export interface ReconciliationDifference {
  readonly kind:
    | 'order_resolved'
    | 'fill_recovered'
    | 'orphan_adopted'
    | 'orphan_closed'
    | 'position_corrected'
    | 'stop_replaced'
    | 'stray_stop_cancelled';
  readonly message: string;
}

/** What the reconciler may read and change on the bot's side (the live session provides it). */
export interface ReconcileTarget {
  /** The kernel's view of the position (signed, 0 when flat). */
  positionQuantity(): number;
  /** The bot's last price (the last close), for corrections and stop placement. */
  lastPrice(): number;
  /** Event time: decisions made while reconciling are made at it (deterministic client ids). */
  now(): EpochMs;
  /** Applies events to the kernel as if the venue had reported them (adoption, corrections). */
  apply(events: readonly VenueEvent[]): void;
  /** Waits until the order manager is quiet and its events reached the kernel. */
  sync(): Promise<void>;
}

export interface ReconcilerOptions {
  readonly exchange: Exchange;
  /** Unified symbol, e.g. `NMR/USDT:USDT`. */
  readonly symbol: string;
  readonly quote: string;
  readonly manager: OrderManager;
  readonly instrument: InstrumentSpec;
  readonly target: ReconcileTarget;
  /** The run id the order manager derives client ids from: orders with its key are this bot's. */
  readonly orderRunId: string;
  readonly stopLossPct: number;
  readonly orphanPolicy: OrphanPolicy;
  /** Trade ids already in the journal (this run and earlier runs of the account); grown as it goes. */
  readonly knownFills: Set<string>;
  /** Trades before this are not compared (the start: the journal's last fill, else a look-back). */
  readonly tradesSince: number;
  /** Journals a difference (the live session writes `reconciliation <kind>: <message>` to the run log). */
  readonly record: (time: EpochMs, difference: ReconciliationDifference) => void;
  /** Journals a fill the bot never saw (made by a process that died before journaling it). */
  readonly recoverFill: (fill: Fill) => void;
}

/**
 * Brings the bot and the exchange into agreement: orders the bot thinks are working but the exchange
 * no longer lists are settled from their final state; fills on the exchange missing from the journal
 * are journaled; a position the bot does not know is adopted (or closed, per `orphanPolicy`); a
 * position without a protective stop gets one at `stopLossPct` from its entry; stops of this bot the
 * order manager no longer tracks (left by a process that died) are cancelled once the position has a
 * tracked stop. Every difference is recorded.
 */
export class Reconciler {
  readonly #o: ReconcilerOptions;
  readonly #runKey: string;
  #tradesSince: number;
  #sequence = 0;

  constructor(options: ReconcilerOptions) {
    this.#o = options;
    this.#runKey = runKey(options.orderRunId);
    this.#tradesSince = options.tradesSince;
  }

  async reconcile(): Promise<ReconciliationDifference[]> {
    const found: ReconciliationDifference[] = [];
    const note = (kind: ReconciliationDifference['kind'], message: string): void => {
      const d = { kind, message };
      found.push(d);
      this.#o.record(this.#o.target.now(), d);
    };
    const { manager, target } = this.#o;
    await target.sync();
    let snap = await this.#read();
    // Orders working here that the exchange does not list as open: learn how they ended.
    const open = new Set(snap.openOrders.map((o) => o.venueClientId));
    const vanished = manager.orders().filter((s) => isWorking(s) && !open.has(s.venueClientId));
    const unresolved = manager.unresolved();
    if (vanished.length > 0 || unresolved.length > 0) {
      await manager.resolveUnresolved();
      await manager.refresh();
      await target.sync();
      for (const s of [...vanished, ...unresolved]) {
        const now = manager.orders().find((o) => o.venueClientId === s.venueClientId);
        note(
          'order_resolved',
          `order ${s.venueClientId} was ${s.lifecycle} here but not open on the exchange; its final state: ${now?.lifecycle ?? 'unknown'}, filled ${now?.filledQuantity ?? 0}`,
        );
      }
      snap = await this.#read();
    }
    this.#recoverFills(snap.trades, note);
    await this.#position(snap, note);
    await this.#stops(note);
    return found;
  }

  async #read(): Promise<ExchangeSnapshot> {
    const { exchange, symbol, quote, target } = this.#o;
    // Trade times are the exchange's (event time on a replaying double): read up to a day past now.
    const until = target.now() + DAY_MS;
    const since = Math.max(this.#tradesSince, until - MAX_TRADE_LOOKBACK_MS);
    return readExchangeSnapshot(exchange, symbol, quote, since, until);
  }

  /** Trades of orders this process does not track and the journal does not hold. */
  #recoverFills(trades: readonly ExchangeTrade[], note: Note): void {
    const { knownFills, manager } = this.#o;
    for (const t of trades) {
      this.#tradesSince = Math.max(this.#tradesSince, t.time - 60_000);
      if (knownFills.has(t.tradeId) || manager.tracksVenueOrder(t.venueOrderId)) continue;
      knownFills.add(t.tradeId);
      this.#o.recoverFill({
        tradeId: t.tradeId,
        clientOrderId: (t.venueClientId ?? `exchange-order-${t.venueOrderId}`) as ClientOrderId,
        symbol: this.#o.instrument.symbol,
        time: t.time,
        side: t.side,
        quantity: t.quantity,
        price: t.price,
        fee: t.fee,
        liquidity: t.maker ? 'maker' : 'taker',
        slippageCost: 0,
        reduceOnly: false,
        tag: 'reconciliation',
      });
      note(
        'fill_recovered',
        `trade ${t.tradeId} (order ${t.venueOrderId}, ${t.side} ${t.quantity} at ${t.price}, ${new Date(t.time).toISOString()}) was on the exchange but not in the journal: journaled now`,
      );
    }
  }

  async #position(snap: ExchangeSnapshot, note: Note): Promise<void> {
    const { target, manager, instrument } = this.#o;
    let ours = target.positionQuantity();
    let theirs = snap.position;
    if (Math.abs(ours - theirs.quantity) < instrument.stepSize / 2) return;
    if (ours !== 0) {
      // A fill may be on its way (a stop that just triggered): ask about every order, then look again.
      await manager.refresh();
      await target.sync();
      theirs = (await this.#read()).position;
      ours = target.positionQuantity();
      if (Math.abs(ours - theirs.quantity) < instrument.stepSize / 2) return;
    }
    const delta = roundToIncrement(theirs.quantity - ours, instrument.stepSize, 'nearest');
    const orphan = ours === 0;
    const price = orphan ? (theirs.entryPrice ?? target.lastPrice()) : target.lastPrice();
    target.apply([
      { type: 'fill', fill: this.#syntheticFill(delta, price, orphan ? 'adopted' : 'corrected') },
    ]);
    await target.sync();
    if (!orphan) {
      note(
        'position_corrected',
        `position here ${ours}, on the exchange ${theirs.quantity}: the difference ${delta} is booked at the last price ${price}`,
      );
      return;
    }
    note(
      'orphan_adopted',
      `position ${theirs.quantity} on the exchange unknown to the bot: adopted at its entry price ${price} (exchange leverage ${theirs.leverage ?? 'unknown'})`,
    );
    if (this.#o.orphanPolicy !== 'close') return;
    const close: Side = theirs.quantity > 0 ? 'sell' : 'buy';
    const state = manager.submit(
      {
        clientOrderId: `reconcile-${++this.#sequence}` as ClientOrderId,
        symbol: instrument.symbol,
        side: close,
        type: OrderType.Market,
        quantity: Math.abs(theirs.quantity),
        reduceOnly: true,
        tag: 'orphan_close',
      },
      target.now(),
      target.lastPrice(),
    );
    await target.sync();
    note(
      'orphan_closed',
      `orphan position ${theirs.quantity} closed at market by ${state.venueClientId} (orphanPolicy: close)`,
    );
  }

  /** A protective stop for the position; this bot's untracked stops cancelled once one is tracked. */
  async #stops(note: Note): Promise<void> {
    const { target, manager, instrument, exchange, symbol } = this.#o;
    const snap = await this.#read();
    const quantity = snap.position.quantity;
    const tracked = new Set(
      manager
        .orders()
        .filter((s) => isWorking(s))
        .map((s) => s.venueClientId as string),
    );
    const closing: Side = quantity > 0 ? 'sell' : 'buy';
    const protective = (o: ExchangeOpenOrder): boolean => o.stop && o.reduceOnly && o.side === closing;
    const stops = snap.openOrders.filter((o) => o.stop);
    const trackedStop = stops.some((o) => protective(o) && tracked.has(o.venueClientId));
    if (quantity !== 0 && !stops.some(protective)) {
      const entry = snap.position.entryPrice ?? target.lastPrice();
      const last = target.lastPrice();
      const sign = quantity > 0 ? -1 : 1;
      let from = entry;
      let trigger = entry * (1 + sign * this.#o.stopLossPct);
      // Already beyond it (the market moved while nobody watched): the same distance from the last price.
      if ((quantity > 0 && last <= trigger) || (quantity < 0 && last >= trigger)) {
        from = last;
        trigger = last * (1 + sign * this.#o.stopLossPct);
      }
      trigger = roundToIncrement(trigger, instrument.tickSize, 'nearest');
      const state = manager.submit(
        {
          clientOrderId: `reconcile-${++this.#sequence}` as ClientOrderId,
          symbol: instrument.symbol,
          side: closing,
          type: OrderType.StopMarket,
          quantity: Math.abs(quantity),
          triggerPrice: trigger,
          reduceOnly: true,
          tag: 'stop_loss',
        },
        target.now(),
        last,
      );
      await target.sync();
      note(
        'stop_replaced',
        `position ${quantity} had no protective stop on the exchange: placed ${state.venueClientId} at ${trigger} (${this.#o.stopLossPct * 100}% from ${from}); now ${manager.order(state.clientOrderId)?.lifecycle ?? state.lifecycle}`,
      );
      return;
    }
    // A stop of ours the manager does not track is a dead process's: cancel it once a tracked one
    // protects the position (never before), or at once when there is no position to protect.
    if (quantity !== 0 && !trackedStop) return;
    for (const o of stops) {
      if (tracked.has(o.venueClientId) || parseClientOrderId(o.venueClientId)?.runKey !== this.#runKey)
        continue;
      await exchange.cancelOrder('', symbol, { clientOrderId: o.venueClientId, trigger: true });
      note(
        'stray_stop_cancelled',
        `stop ${o.venueClientId} (${o.side} ${o.quantity} at ${o.triggerPrice}) was left by an earlier process; ${quantity === 0 ? 'no position to protect' : 'the position has a tracked stop'}: cancelled`,
      );
    }
  }

  #syntheticFill(delta: number, price: number, why: 'adopted' | 'corrected'): Fill {
    const time = this.#o.target.now();
    const n = ++this.#sequence;
    return {
      tradeId: `reconcile-${why}-${time}-${n}`,
      clientOrderId: `reconcile-${why}-${n}` as ClientOrderId,
      symbol: this.#o.instrument.symbol,
      time,
      side: delta > 0 ? 'buy' : 'sell',
      quantity: Math.abs(delta),
      price,
      fee: 0,
      liquidity: 'taker',
      slippageCost: 0,
      reduceOnly: false,
      tag: `reconciliation_${why}`,
    };
  }
}

type Note = (kind: ReconciliationDifference['kind'], message: string) => void;

function isWorking(s: LiveOrderState): boolean {
  return (
    !isTerminal(s.lifecycle) &&
    (s.lifecycle === LiveOrderStatus.Acknowledged || s.lifecycle === LiveOrderStatus.PartiallyFilled)
  );
}
