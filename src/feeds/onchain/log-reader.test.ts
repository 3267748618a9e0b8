import { HttpRequestError, LimitExceededRpcError, TimeoutError } from 'viem';
import { describe, expect, it } from 'vitest';
import { ChunkSize } from './chunk-size.js';
import { RpcUnavailableError } from './errors.js';
import { TransferLogReader } from './log-reader.js';
import type { OnchainRpc, TransferLogBatch } from './rpc-client.js';

type Answer = (from: number, to: number) => TransferLogBatch;

function stubRpc(answer: Answer): OnchainRpc & { ranges: [number, number][] } {
  const ranges: [number, number][] = [];
  return {
    where: 'http://rpc.example/v3/[redacted]',
    ranges,
    headBlock: () => Promise.reject(new Error('not used')),
    block: () => Promise.reject(new Error('not used')),
    transferLogs(_token, from, to) {
      ranges.push([from, to]);
      return new Promise((resolve) => resolve(answer(from, to)));
    },
    describe: (err) => (err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)),
  };
}

const none: TransferLogBatch = { logs: [], removed: 0, undecodable: 0, duplicates: 0 };

describe('TransferLogReader', () => {
  it('halves on timeouts and "too many results", then reads the shrunk range from the same start', async () => {
    const rpc = stubRpc((from, to) => {
      if (to - from + 1 > 300) {
        if (to - from > 1000) throw new TimeoutError({ body: {}, url: 'http://rpc.example' });
        throw new LimitExceededRpcError(new Error('query returned more than 10000 results'));
      }
      return none;
    });
    const reader = new TransferLogReader(rpc, '0x1', new ChunkSize(2000, 5));
    const chunk = await reader.next(100, 10_000);
    expect([chunk.fromBlock, chunk.toBlock]).toEqual([100, 349]);
    expect(rpc.ranges).toEqual([
      [100, 2099],
      [100, 1099],
      [100, 599],
      [100, 349],
    ]);
    expect(reader.stats).toEqual({ calls: 4, failures: 3, halvings: 3 });
  });

  it('stops at once when the endpoint is unreachable, without shrinking', async () => {
    const rpc = stubRpc(() => {
      throw new HttpRequestError({ url: 'http://rpc.example/v3/key', cause: new Error('fetch failed') });
    });
    const reader = new TransferLogReader(rpc, '0x1', new ChunkSize(2000, 5));
    await expect(reader.next(0, 10)).rejects.toThrow(RpcUnavailableError);
    await expect(reader.next(0, 10)).rejects.toThrow(
      'cannot read Transfer logs from the Ethereum RPC at http://rpc.example/v3/[redacted]',
    );
    expect(rpc.ranges).toHaveLength(2);
  });

  it('retries the smallest range twice before giving up', async () => {
    const rpc = stubRpc(() => {
      throw new LimitExceededRpcError(new Error('busy'));
    });
    const reader = new TransferLogReader(rpc, '0x1', new ChunkSize(20, 5));
    await expect(reader.next(0, 100)).rejects.toThrow(
      'eth_getLogs keeps failing for blocks 0-4 (5 blocks, at or below feeds.onchain.minChunkBlocks = 5)',
    );
    expect(rpc.ranges).toEqual([
      [0, 19],
      [0, 9],
      [0, 4],
      [0, 4],
      [0, 4],
    ]);
  });
});
