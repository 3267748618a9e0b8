import type { ApiControls, ControlResult, ManualOrder, SessionStateTracker } from '../../api/index.js';
import { InputError } from '../../core/index.js';
import type { FlattenResult, ManualOrderRequest, ManualOrderResult } from '../../kernel/index.js';
import type { OrderIntent, Strategy, StrategyContext, TargetPosition } from '../../strategy/index.js';

/** HTTP status of a manual-order refusal, by rule (others: 422). */
const REFUSAL_STATUS: Readonly<Record<string, 403 | 409>> = {
  weekend_manual: 403,
  manual_pending: 409,
};

/** What the controls need of the session's kernel (`Kernel` implements it). */
export interface ManualDesk {
  manualOrder(order: ManualOrderRequest): ManualOrderResult | Promise<ManualOrderResult>;
  flatten(tag?: string): FlattenResult | Promise<FlattenResult>;
}

/** The API's confidence, 1 (unsure) to 5 (certain), as the journal's [0, 1]: 1 → 0, 3 → 0.5, 5 → 1. */
export function journalConfidence(confidence: number): number {
  return (confidence - 1) / 4;
}

/**
 * The dashboard's control surface for a paper session. Pause stops new entries: while paused, a
 * target that would open or grow a position is dropped (a flip becomes flat, exits pass) and a
 * strategy order that is not protective goes out reduce-only. Once the session's kernel is attached
 * (`attachKernel`), manual orders go through `Kernel.manualOrder` (weekend rule, entry caps, manual
 * control of the position; fills at the next bar open) and flatten through `Kernel.flatten` (a
 * reduce-only close sent now, allowed at the weekend). Without a kernel, flatten sets a flat target at
 * the next bar close and manual orders answer 501. Flatten does not pause: pause first to stay flat.
 * Pause does not stop manual orders: they are the operator's own.
 */
export class PaperDashboardControls implements ApiControls {
  readonly #tracker: SessionStateTracker;
  #paused = false;
  #flattenPending = false;
  #desk: ManualDesk | undefined;

  constructor(tracker: SessionStateTracker) {
    this.#tracker = tracker;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Connects manual orders and flatten to the session's kernel (call once the session exists). */
  attachKernel(desk: ManualDesk): void {
    this.#desk = desk;
  }

  pause(): Promise<ControlResult> {
    this.#setPaused(true);
    return Promise.resolve({ ok: true, detail: 'paused: new entries are dropped until resume' });
  }

  resume(): Promise<ControlResult> {
    this.#setPaused(false);
    return Promise.resolve({ ok: true, detail: 'resumed' });
  }

  async flattenAll(): Promise<ControlResult> {
    if (this.#desk === undefined) {
      this.#flattenPending = true;
      return { ok: true, detail: 'flat target set at the next bar close' };
    }
    const { clientOrderId, quantity } = await this.#desk.flatten('dashboard_flatten');
    const detail =
      clientOrderId === undefined ? 'already flat' : `closing ${Math.abs(quantity)} with ${clientOrderId}`;
    return { ok: true, detail };
  }

  /**
   * Sends the operator's order through the kernel. Answers the client id (`clientOrderId`, and in
   * `detail` with the quantity sent and any resize), or the refusal with its rule: 403 for the
   * weekend rule, 409 while an earlier manual order is still working, else 422.
   */
  async manualOrder(order: ManualOrder): Promise<ControlResult> {
    if (this.#desk === undefined) {
      return {
        ok: false,
        status: 501,
        refused: 'not_implemented',
        message: `manual ${order.side} ${order.quantity}: no trading session is attached to the controls yet`,
      };
    }
    let result: ManualOrderResult;
    try {
      result = await this.#desk.manualOrder({
        side: order.side,
        quantity: order.quantity,
        operatorNote: order.note,
        mood: order.mood,
        confidence: order.confidence === undefined ? undefined : journalConfidence(order.confidence),
      });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return { ok: false, refused: 'invalid_order', message: err.message };
    }
    if (!result.ok) {
      return {
        ok: false,
        status: REFUSAL_STATUS[result.rule] ?? 422,
        refused: result.rule,
        message: result.message,
      };
    }
    const resized =
      result.quantity === result.requested
        ? ''
        : ` (asked ${result.requested}; ${result.decisions.map((d) => `${d.rule}: ${d.message}`).join('; ')})`;
    return {
      ok: true,
      detail: `manual ${result.side} ${result.quantity} sent as ${result.clientOrderId}${resized}`,
      clientOrderId: result.clientOrderId,
    };
  }

  /** The strategy with pause and flatten applied to what it asks for. */
  wrap(inner: Strategy): Strategy {
    const gate = (ctx: StrategyContext): StrategyContext => this.#gated(ctx);
    return {
      name: inner.name,
      onStart: (ctx) => inner.onStart?.(gate(ctx)),
      onBar: (bar, ctx) => {
        inner.onBar?.(bar, gate(ctx));
        if (this.#flattenPending) {
          this.#flattenPending = false;
          ctx.setTarget({ side: 'flat', tag: 'dashboard_flatten' });
        }
      },
      onFunding: (event, ctx) => inner.onFunding?.(event, gate(ctx)),
      onData: (event, ctx) => inner.onData?.(event, gate(ctx)),
      onFill: (fill, ctx) => inner.onFill?.(fill, gate(ctx)),
      onTimer: (name, ctx) => inner.onTimer?.(name, gate(ctx)),
      onStop: (ctx) => inner.onStop?.(gate(ctx)),
    };
  }

  #setPaused(paused: boolean): void {
    this.#paused = paused;
    this.#tracker.setPaused(paused);
  }

  /** A decision's score snapshot (the playbook attaches one to every target) shown on the dashboard. */
  #showSignals(snapshot: unknown): void {
    if (typeof snapshot !== 'object' || snapshot === null) return;
    const { score, families } = snapshot as { score?: unknown; families?: unknown };
    if (typeof score !== 'number' || typeof families !== 'object' || families === null) return;
    this.#tracker.setSignals(
      score,
      Object.entries(families as Record<string, { value: number | null; effectiveWeight: number }>).map(
        ([name, f]) => ({ name, weight: f.effectiveWeight, score: f.value }),
      ),
    );
  }

  #gated(ctx: StrategyContext): StrategyContext {
    return {
      ...ctx,
      setTarget: (target: TargetPosition) => {
        this.#showSignals(target.snapshot);
        if (!this.#paused) return ctx.setTarget(target);
        const held = ctx.position()?.quantity ?? 0;
        const heldSide = held > 0 ? 'long' : held < 0 ? 'short' : 'flat';
        if (target.side === 'flat') return ctx.setTarget(target);
        // A flip's closing half is an exit and goes through; its opening half is an entry.
        if (heldSide !== 'flat' && target.side !== heldSide)
          return ctx.setTarget({ ...target, side: 'flat' });
        ctx.log(`paused: target ${target.side} dropped`);
      },
      submitOrder: (order: OrderIntent) =>
        ctx.submitOrder(this.#paused && order.reduceOnly !== true ? { ...order, reduceOnly: true } : order),
    };
  }
}
