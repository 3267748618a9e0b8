import { ChunkSize } from './chunk-size.js';
import { RpcUnavailableError } from './errors.js';
import { type OnchainRpc, type TransferLog, isUnreachable } from './rpc-client.js';

/** One eth_getLogs range read in full. */
export interface LogChunk {
  readonly fromBlock: number;
  readonly toBlock: number;
  readonly logs: readonly TransferLog[];
  readonly removed: number;
  readonly undecodable: number;
  readonly duplicates: number;
}

export interface LogReaderStats {
  /** eth_getLogs calls made, failed ones included. */
  calls: number;
  failures: number;
  halvings: number;
}

/** Retries of a failing range once it is down to `minChunkBlocks`, before giving up. */
const RETRIES_AT_MIN = 2;

/**
 * Reads Transfer logs of one token in adaptive chunks (see `ChunkSize`). Each `next` returns one range,
 * starting exactly at `fromBlock`, read completely or not at all, so consecutive calls see every log
 * exactly once.
 */
export class TransferLogReader {
  readonly stats: LogReaderStats = { calls: 0, failures: 0, halvings: 0 };
  readonly #rpc: OnchainRpc;
  readonly #token: string;
  readonly #size: ChunkSize;

  constructor(rpc: OnchainRpc, token: string, size: ChunkSize) {
    this.#rpc = rpc;
    this.#token = token;
    this.#size = size;
  }

  get chunkBlocks(): number {
    return this.#size.current;
  }

  /** Reads `[fromBlock, min(lastBlock, fromBlock + size - 1)]`, shrinking the range on provider errors. */
  async next(fromBlock: number, lastBlock: number): Promise<LogChunk> {
    let retries = 0;
    for (;;) {
      const toBlock = Math.min(lastBlock, fromBlock + this.#size.current - 1);
      this.stats.calls++;
      try {
        const batch = await this.#rpc.transferLogs(this.#token, fromBlock, toBlock);
        this.#size.succeeded();
        return { fromBlock, toBlock, ...batch };
      } catch (err) {
        this.stats.failures++;
        if (isUnreachable(err)) {
          throw new RpcUnavailableError(
            `cannot read Transfer logs from the Ethereum RPC at ${this.#rpc.where}: ${this.#rpc.describe(err)}`,
          );
        }
        const span = toBlock - fromBlock + 1;
        if (span > this.#size.min) {
          this.#size.failed();
          this.stats.halvings++;
          continue;
        }
        if (retries++ < RETRIES_AT_MIN) continue;
        throw new RpcUnavailableError(
          `eth_getLogs keeps failing for blocks ${fromBlock}-${toBlock} (${span} blocks, at or below ` +
            `feeds.onchain.minChunkBlocks = ${this.#size.min}) at ${this.#rpc.where}: ${this.#rpc.describe(err)}`,
        );
      }
    }
  }
}
