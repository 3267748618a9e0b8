import { custom, encodeAbiParameters, pad } from 'viem';
import { describe, expect, it } from 'vitest';
import { RpcUnavailableError } from './errors.js';
import { createOnchainRpc } from './rpc-client.js';

const TOKEN = '0x1776e1f26f98b1a5df9cd347953a26dd3cb46671';
const TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const FROM = '0x00000000000000000000000000000000000000a1';
const TO = '0x28c6c06298d514db089934071355e5743bf21d60';

function rawLog(block: number, index: number, extra: Record<string, unknown> = {}) {
  return {
    address: TOKEN,
    topics: [TOPIC, pad(FROM), pad(TO)],
    data: encodeAbiParameters([{ type: 'uint256' }], [1_500n * 10n ** 18n]),
    blockNumber: `0x${block.toString(16)}`,
    blockHash: pad('0x1'),
    transactionHash: pad('0x2'),
    transactionIndex: '0x0',
    logIndex: `0x${index.toString(16)}`,
    removed: false,
    ...extra,
  };
}

/** A hand-written EIP-1193 stub answering eth_getLogs with fixed raw logs (synthetic). */
function stubTransport(logs: unknown[]) {
  return custom(
    {
      request: ({ method }: { method: string }) => {
        if (method === 'eth_getLogs') return Promise.resolve(logs);
        return Promise.reject(new Error(`unexpected ${method}`));
      },
    },
    { retryCount: 0 },
  );
}

describe('createOnchainRpc transferLogs', () => {
  it('decodes Transfers, drops removed logs and counts a repeated log once', async () => {
    const rpc = createOnchainRpc({
      transport: stubTransport([
        rawLog(10, 0),
        rawLog(10, 1, { removed: true }),
        rawLog(11, 0),
        rawLog(11, 0),
        rawLog(12, 3, { topics: [TOPIC] }),
      ]),
    });
    const batch = await rpc.transferLogs(TOKEN, 10, 12);
    expect(batch.logs).toEqual([
      { blockNumber: 10, logIndex: 0, from: FROM, to: TO, value: 1_500n * 10n ** 18n },
      { blockNumber: 11, logIndex: 0, from: FROM, to: TO, value: 1_500n * 10n ** 18n },
    ]);
    expect([batch.removed, batch.duplicates, batch.undecodable]).toEqual([1, 1, 1]);
  });

  it('maps a failing head read to RpcUnavailableError naming where it went', async () => {
    const rpc = createOnchainRpc({ transport: stubTransport([]) });
    await expect(rpc.headBlock()).rejects.toThrow(RpcUnavailableError);
    await expect(rpc.headBlock()).rejects.toThrow(
      'cannot read the chain head (eth_blockNumber) from the Ethereum RPC at the injected transport',
    );
  });
});
