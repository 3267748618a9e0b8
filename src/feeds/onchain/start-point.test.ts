import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS, type EpochMs } from '../../core/index.js';
import { BlockClock } from './block-clock.js';
import { HourLedger } from './hour-ledger.js';
import type { OnchainRpc } from './rpc-client.js';
import { resumeFromLedger, startAtTime } from './start-point.js';

/** A synthetic 12 s chain from t = 0 whose block hashes can be rewritten (a reorg). */
function chain(head: number) {
  const hashes = new Map<number, string>();
  const rpc: OnchainRpc = {
    where: 'stub',
    headBlock: () => Promise.resolve(head),
    block: (n) =>
      Promise.resolve({ number: n, timestamp: (n * 12_000) as EpochMs, hash: hashes.get(n) ?? `0xa${n}` }),
    transferLogs: () => Promise.reject(new Error('not used')),
    describe: String,
  };
  return { clock: new BlockClock(rpc), hashes };
}

/** Ledger marks of hours 0..n-1 on the 12 s grid (300 blocks an hour) with the original hashes. */
function marks(ledger: HourLedger, n: number): void {
  ledger.record(
    Array.from({ length: n }, (_, h) => ({
      hourStart: h * HOUR_MS,
      firstBlock: h * 300,
      lastBlock: h * 300 + 299,
      lastHash: `0xa${h * 300 + 299}`,
    })),
  );
}

describe('start points', () => {
  let db: Database.Database;
  let ledger: HourLedger;
  beforeEach(() => {
    db = new Database(':memory:');
    ledger = new HourLedger(db, '0xToken');
  });
  afterEach(() => db.close());

  it('starts a backfill at the hour holding the first block at or after the hour of --since', async () => {
    const { clock } = chain(5000);
    expect(await startAtTime(clock, 2.5 * HOUR_MS, 5000)).toEqual({ hourStart: 2 * HOUR_MS, warnings: [] });
    expect(await startAtTime(clock, 100 * HOUR_MS, 5000), 'after the head').toBeUndefined();
  });

  it('resumes inside the last stored hour when its block is unchanged', async () => {
    const { clock } = chain(5000);
    expect(await resumeFromLedger(clock, ledger, 5000, 12)).toBeUndefined();
    marks(ledger, 4);
    expect(await resumeFromLedger(clock, ledger, 5000, 12)).toEqual({ hourStart: 3 * HOUR_MS, warnings: [] });
  });

  it('walks back to the newest stored hour still on the chain after a deep reorg, forgetting later marks', async () => {
    const { clock, hashes } = chain(5000);
    marks(ledger, 4);
    hashes.set(899, '0xb899').set(1199, '0xb1199'); // hours 2 and 3 replaced
    const start = await resumeFromLedger(clock, ledger, 5000, 12);
    expect(start?.hourStart).toBe(1 * HOUR_MS);
    expect(start?.warnings[0]).toContain('block 1199 of hour 1970-01-01T03:00:00.000Z changed');
    expect(start?.warnings[0]).toContain(
      'the newest stored hour still on the chain is 1970-01-01T01:00:00.000Z',
    );
    expect(ledger.latest()?.hourStart, 'marks from the restart hour on are gone').toBe(0);
  });

  it('re-reads from the oldest checked hour when no stored hour is on the chain', async () => {
    const { clock, hashes } = chain(5000);
    marks(ledger, 3);
    for (const b of [299, 599, 899]) hashes.set(b, `0xc${b}`);
    const start = await resumeFromLedger(clock, ledger, 5000, 12);
    expect(start?.hourStart).toBe(0);
    expect(start?.warnings[0]).toContain('none of the 2 stored hours before it is on the chain either');
  });

  it('reads nothing new from a node whose head is behind the stored cursor', async () => {
    const { clock } = chain(1000);
    marks(ledger, 4);
    const start = await resumeFromLedger(clock, ledger, 1000, 12);
    expect(start?.hourStart).toBe(3 * HOUR_MS);
    expect(start?.warnings[0]).toContain(
      "the RPC's head block 1000 is behind the stored cursor (block 1199)",
    );
  });
});
