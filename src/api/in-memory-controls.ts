import type { EpochMs } from '../core/index.js';
import type { ApiControls, ControlResult, ManualOrder } from './api-state.types.js';

/** The risk engine and weekend rule applied to a manual order at `now`. */
export type ManualOrderCheck = (
  order: ManualOrder,
  now: EpochMs,
) => { readonly ok: true } | { readonly refused: string; readonly message: string };

export type ControlCall =
  | { readonly kind: 'pause' | 'resume' | 'flattenAll' }
  | { readonly kind: 'manualOrder'; readonly order: ManualOrder; readonly accepted: boolean };

/**
 * Controls that only record what was asked (for tests and dry runs): manual orders go through
 * `checkManual` first, and a refusal returns the rule without recording an order.
 */
export class InMemoryControls implements ApiControls {
  readonly calls: ControlCall[] = [];
  paused = false;
  readonly #checkManual: ManualOrderCheck;
  readonly #now: () => EpochMs;

  constructor(options: { readonly checkManual: ManualOrderCheck; readonly now: () => EpochMs }) {
    this.#checkManual = options.checkManual;
    this.#now = options.now;
  }

  pause(): Promise<ControlResult> {
    this.calls.push({ kind: 'pause' });
    this.paused = true;
    return Promise.resolve({ ok: true });
  }

  resume(): Promise<ControlResult> {
    this.calls.push({ kind: 'resume' });
    this.paused = false;
    return Promise.resolve({ ok: true });
  }

  flattenAll(): Promise<ControlResult> {
    this.calls.push({ kind: 'flattenAll' });
    return Promise.resolve({ ok: true });
  }

  manualOrder(order: ManualOrder): Promise<ControlResult> {
    const verdict = this.#checkManual(order, this.#now());
    const accepted = 'ok' in verdict;
    this.calls.push({ kind: 'manualOrder', order, accepted });
    if ('ok' in verdict)
      return Promise.resolve({ ok: true, detail: `${order.side} ${order.quantity} queued` });
    return Promise.resolve({ ok: false, refused: verdict.refused, message: verdict.message });
  }
}
