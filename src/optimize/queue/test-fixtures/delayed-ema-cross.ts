/**
 * Test fixture: the ema-cross example, but each strategy build first sleeps
 * NMRBOT_QUEUE_TEST_DELAY_MS (unset: no pause). A worker started with it holds every job that long,
 * so a test can kill it while it holds one; the results are those of ema-cross.
 */
import { createStrategy as emaCross } from '../../../../examples/ema-cross.js';
import type { StrategyFactory } from '../../../strategy/index.js';

export const createStrategy: StrategyFactory = (params) => {
  const ms = Number(process.env.NMRBOT_QUEUE_TEST_DELAY_MS ?? 0);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return emaCross(params);
};
