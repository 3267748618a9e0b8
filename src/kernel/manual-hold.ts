import { type ClientOrderId, InputError, type OrderState } from '../core/index.js';
import type { TargetPosition } from '../strategy/index.js';
import type { ManualNote, ManualOrderRequest } from './manual-order.types.js';

/** Flat targets with these tags still act on a manual position: the playbook's protective exits. */
export const DEFAULT_PROTECTIVE_EXITS: readonly string[] = Object.freeze(['time_exit', 'stop_loss']);

/**
 * Which position is under manual control. A manual order puts the position under it; while it holds,
 * the kernel does not act on the strategy's targets (except protective exits). It ends once the last
 * manual order has finished and the position is flat (closed by a manual order, a flatten, the
 * protective stop, the time exit or a liquidation), or at a safety flatten.
 */
export class ManualHold {
  #active = false;
  /** The manual order that started or last changed the hold. */
  #last: ClientOrderId | undefined;
  /** The manual order still working at the venue, if any. */
  #working: ClientOrderId | undefined;
  readonly #notes = new Map<string, ManualNote>();

  get active(): boolean {
    return this.#active;
  }

  get working(): ClientOrderId | undefined {
    return this.#working;
  }

  get last(): ClientOrderId | undefined {
    return this.#last;
  }

  /** A manual order was sent: the position is under manual control from now on. */
  start(clientOrderId: ClientOrderId, note: ManualNote): void {
    this.#active = true;
    this.#last = clientOrderId;
    this.#working = clientOrderId;
    this.#notes.set(clientOrderId, note);
  }

  /** The operator's note for a manual order's fills (undefined for every other order). */
  noteOf(clientOrderId: string): ManualNote | undefined {
    return this.#notes.size === 0 ? undefined : this.#notes.get(clientOrderId);
  }

  /** An order update for the working manual order: it stops working once finished. */
  onOrder(order: OrderState): void {
    if (order.clientOrderId !== this.#working) return;
    if (order.status !== 'open' && order.status !== 'partially_filled') this.#working = undefined;
  }

  /** The working manual order was canceled (a flatten). */
  forgetWorking(): void {
    this.#working = undefined;
  }

  /** Ends the hold when nothing manual is working and the position is flat; returns whether it still holds. */
  holds(flat: boolean): boolean {
    if (this.#active && this.#working === undefined && flat) this.#active = false;
    return this.#active;
  }

  end(): void {
    this.#active = false;
  }
}

/** True for a flat target tagged as a protective exit (it acts on a manual position too). */
export function isProtectiveExit(target: TargetPosition, tags: readonly string[]): boolean {
  return target.side === 'flat' && target.tag !== undefined && tags.includes(target.tag);
}

/**
 * The operator's note as journaled, from a request.
 * @throws InputError naming the field when the quantity, note or confidence is out of range
 */
export function manualNoteOf(order: ManualOrderRequest): ManualNote {
  if (order.side !== 'buy' && order.side !== 'sell')
    throw new InputError(`manual order side: expected "buy" or "sell", got ${String(order.side)}`);
  if (!(order.quantity > 0) || !Number.isFinite(order.quantity))
    throw new InputError(`manual order quantity: expected a finite number above 0, got ${order.quantity}`);
  const operatorNote = order.operatorNote.trim();
  if (operatorNote === '') throw new InputError('manual order operatorNote: a note saying why is required');
  const { mood, confidence } = order;
  if (confidence !== undefined && !(confidence >= 0 && confidence <= 1))
    throw new InputError(`manual order confidence: expected a number in [0, 1], got ${confidence}`);
  return {
    operatorNote,
    ...(mood === undefined || mood.trim() === '' ? {} : { mood: mood.trim() }),
    ...(confidence === undefined ? {} : { confidence }),
  };
}
