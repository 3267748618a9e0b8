import type { EpochMs } from '../../core/index.js';

/** Open interest at a moment: `amount` in base (NMR) contracts, `value` in USDT when reported. */
export interface OpenInterestPoint {
  readonly time: EpochMs;
  readonly amount: number;
  readonly value?: number | undefined;
}
