import { InputError } from '../../core/index.js';

/** What a sample's forward move was worth after costs. */
export interface ForwardLabel {
  /** ln(close[i + horizon] / close[i]). */
  readonly forwardReturn: number;
  /** +1 when forwardReturn > cost (a long pays), -1 when < -cost (a short pays), else 0. */
  readonly direction: -1 | 0 | 1;
  /** The classifier's target: 1 when a long over the horizon beats the cost, else 0. */
  readonly label: 0 | 1;
}

/**
 * The round-trip cost as a fraction of price: a taker fee on entry and on exit plus the round-trip
 * slippage, e.g. 2 x 0.0005 + 10 bps = 0.002. Subtracted from log returns (close enough at these sizes).
 */
export function roundTripCost(input: { readonly takerFee: number; readonly slippageBps: number }): number {
  const cost = 2 * input.takerFee + input.slippageBps / 10_000;
  if (!(cost >= 0)) throw new InputError(`round-trip cost must be >= 0, got ${cost}`);
  return cost;
}

/** The label of the sample at close `i`, or null when close i + horizon is not in the series. */
export function forwardLabel(
  closes: ArrayLike<number>,
  i: number,
  horizon: number,
  cost: number,
): ForwardLabel | null {
  const from = closes[i];
  const to = closes[i + horizon];
  if (from === undefined || to === undefined || i + horizon >= closes.length) return null;
  const forwardReturn = Math.log(to / from);
  const direction = forwardReturn > cost ? 1 : forwardReturn < -cost ? -1 : 0;
  return { forwardReturn, direction, label: direction === 1 ? 1 : 0 };
}
