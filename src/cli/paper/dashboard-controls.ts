import type { ApiControls, ControlResult, ManualOrder, SessionStateTracker } from '../../api/index.js';
import type { OrderIntent, Strategy, StrategyContext, TargetPosition } from '../../strategy/index.js';

/**
 * The dashboard's control surface for a paper session. Pause stops new entries: while paused, a
 * target that would open or grow a position is dropped (a flip becomes flat, exits pass) and a
 * strategy order that is not protective goes out reduce-only. Flatten sets a flat target at the next
 * bar close (paper fills happen at the following bar's open, as in the backtest); it does not pause,
 * so pause first to stay flat. Manual orders are not implemented for paper sessions (501).
 */
export class PaperDashboardControls implements ApiControls {
  readonly #tracker: SessionStateTracker;
  #paused = false;
  #flattenPending = false;

  constructor(tracker: SessionStateTracker) {
    this.#tracker = tracker;
  }

  get paused(): boolean {
    return this.#paused;
  }

  pause(): Promise<ControlResult> {
    this.#setPaused(true);
    return Promise.resolve({ ok: true, detail: 'paused: new entries are dropped until resume' });
  }

  resume(): Promise<ControlResult> {
    this.#setPaused(false);
    return Promise.resolve({ ok: true, detail: 'resumed' });
  }

  flattenAll(): Promise<ControlResult> {
    this.#flattenPending = true;
    return Promise.resolve({ ok: true, detail: 'flat target set at the next bar close' });
  }

  manualOrder(order: ManualOrder): Promise<ControlResult> {
    return Promise.resolve({
      ok: false,
      status: 501,
      refused: 'not_implemented',
      message:
        `manual ${order.side} ${order.quantity}: manual orders are not implemented for paper sessions ` +
        "(the strategy's target would undo them at the next bar)",
    });
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
