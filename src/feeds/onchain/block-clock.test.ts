import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../core/index.js';
import { BlockClock } from './block-clock.js';
import type { OnchainRpc } from './rpc-client.js';

/** A hand-written chain of block timestamps (ms), counting block reads. */
function stubRpc(timestamps: readonly number[]): OnchainRpc & { reads: number } {
  const rpc = {
    where: 'stub',
    reads: 0,
    headBlock: () => Promise.resolve(timestamps.length - 1),
    block(n: number) {
      rpc.reads++;
      const timestamp = timestamps[n];
      if (timestamp === undefined) return Promise.reject(new Error(`no block ${n}`));
      return Promise.resolve({ number: n, timestamp: timestamp as EpochMs, hash: `0x${n}` });
    },
    transferLogs: () => Promise.reject(new Error('not used')),
    describe: (err: unknown) => String(err),
  };
  return rpc;
}

describe('BlockClock.firstAtOrAfter', () => {
  it('finds the first block at or after a time on any strictly increasing chain', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: -10_000, max: 6_000_000 }),
        async (gaps, t) => {
          const timestamps: number[] = [];
          gaps.reduce((at, gap) => (timestamps.push(at + gap), at + gap), 0);
          const expected = timestamps.findIndex((ts) => ts >= t);
          const found = await new BlockClock(stubRpc(timestamps)).firstAtOrAfter(t, 0, timestamps.length - 1);
          expect(found).toBe(expected === -1 ? timestamps.length : expected);
        },
      ),
    );
  });

  it('needs only a handful of reads on a 12 s slot chain with missed slots', async () => {
    const timestamps: number[] = [];
    for (let n = 0, t = 0; n < 2_000_000; n++) {
      t += n % 97 === 0 ? 24_000 : 12_000;
      timestamps.push(t);
    }
    const rpc = stubRpc(timestamps);
    const clock = new BlockClock(rpc);
    const target = timestamps[1_234_567] ?? 0;
    expect(await clock.firstAtOrAfter(target - 5_000, 0, timestamps.length - 1)).toBe(1_234_567);
    expect(rpc.reads).toBeLessThanOrEqual(8);
  });
});
